package dev.oodbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What run.properties records about the machine beyond its CPU model, cores and GPU name. */
class RunInfoMachineTest {
    @TempDir
    Path dir;

    @Test
    void theInstructionSetExtensionsAreReadFromTheFlagsLine() {
        String intel = "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr sse sse2 ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt "
                + "aes xsave avx f16c rdrand hypervisor avx2 bmi2 avx512f avx512dq avx512cd avx512bw avx512vl avx512_vnni";
        assertEquals("SSE4.2 AVX AVX2 FMA F16C AVX-512F AVX-512BW AVX-512-VNNI", RunInfo.Machine.cpuFlags(intel));
        String oldAmd = "fpu vme de pse tsc msr sse sse2 ht syscall nx mmxext fxsr_opt lm 3dnowext 3dnow";
        assertTrue(RunInfo.Machine.cpuFlags(oldAmd).startsWith("none of"), "no extension is said so, not left blank");
    }

    @Test
    void memoryIsMemTotalInGib() {
        assertEquals("15.6 GiB", RunInfo.Machine.memory("MemTotal:       16318412 kB"));
        assertEquals("", RunInfo.Machine.memory("MemTotal: lots"));
    }

    @Test
    void theTensorFlowBuildIsTheNativeJarOnTheClassPath() {
        String cp = String.join(java.io.File.pathSeparator, "/x/target/classes",
                "/m2/org/tensorflow/tensorflow-core-api-1.1.0.jar",
                "/m2/org/tensorflow/tensorflow-core-native-1.1.0-linux-x86_64-gpu.jar");
        assertEquals("tensorflow-core-native-1.1.0-linux-x86_64-gpu", RunInfo.Machine.tfBuild(cp));
        assertEquals("tensorflow-core-native-1.1.0-linux-x86_64", RunInfo.Machine.tfBuild(java.util.List.of(
                "jar:file:/app/target/lib/tensorflow-core-native-1.1.0.jar",
                "jar:file:/app/target/lib/tensorflow-core-native-1.1.0-linux-x86_64.jar")), "the platform jar, not the Java one");
        assertEquals("", RunInfo.Machine.tfBuild(java.util.List.of("/x/target/classes")));
    }

    @Test
    void collectDescribesThisMachine() {
        RunInfo.Machine m = RunInfo.collect().machine();
        if (Files.isRegularFile(Path.of("/proc/cpuinfo"))) {
            assertTrue(!m.cpuFlags().isEmpty(), "flags read");
            assertTrue(m.memory().endsWith(" GiB"), m.memory());
        }
        assertTrue(!m.os().isBlank(), m.os());
        assertTrue(m.tfBuild().startsWith("tensorflow-core-native"), "the test class path has TensorFlow's natives: " + m.tfBuild());
    }

    @Test
    void theMachineIsWrittenAndReadBackAndOlderRunsReadAsUnknown() throws IOException {
        RunInfo.Machine m = new RunInfo.Machine("AVX AVX2 FMA", "7.8 GiB", "Debian GNU/Linux 12 (bookworm), kernel 6.1",
                "tensorflow-core-native-1.1.0-linux-x86_64", "");
        RunInfo i = new RunInfo("20261123-042355-vm-2fa8e3d", "2026-11-23T04:23:55Z", "0.1.0", "abc", "vm", "AMD EPYC", 2,
                "none", "17.0.15", "2.18.0 oneDNN on", m);
        i.write(dir);
        assertEquals(i, RunInfo.read(dir));
        assertEquals(m, RunInfo.read(dir).machine());
        Path old = dir.resolve("old");
        Files.createDirectories(old);
        Files.writeString(old.resolve(RunInfo.FILE_NAME), "run_id=r\ncpu=AMD EPYC\ncores=2\n");
        assertEquals(RunInfo.Machine.UNKNOWN, RunInfo.read(old).machine());
        // claiming a folder keeps the description
        assertEquals(m, i.claimRunDir(dir.resolve("results")).machine());
    }
}
