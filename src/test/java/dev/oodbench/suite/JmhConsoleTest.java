package dev.oodbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JMH's console output of a sweep shows TensorFlow's start-up lines never and JMH's advice once. */
class JmhConsoleTest {
    private static final String ADVICE = """
            REMEMBER: The numbers below are just data. To gain reusable insights, you need to follow up on
            why the numbers are the way they are. Use profilers (see -prof, -lprof), design factorial
            experiments, perform baseline and negative tests that provide experimental control, make sure
            the benchmarking environment is safe on JVM/OS/HW level, ask for reviews from the domain experts.
            Do not assume the numbers tell you what you want them to tell.

            NOTE: Current JVM experimentally supports Compiler Blackholes, and they are in use. Please exercise
            extreme caution when trusting the results, look into the generated code to check the benchmark still
            works, and factor in a small probability of new VM bugs. Additionally, while comparisons between
            different JVMs are already problematic, the performance difference caused by different Blackhole
            modes can access the features that might not be available in other VMs.

            """;

    /** One combination's output as JMH 1.37 prints it, with a fork's TensorFlow lines. */
    private static String combination(String name) {
        // the fork's TensorFlow lines arrive after JMH started its warm-up line, which goes on after them
        return "# Run progress: 0.00% complete, ETA 00:00:02\n# Fork: 1 of 1\n# Warmup Iteration   1: "
                + "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
                + "I0000 00:00:1733360000.000000   1234 mlir_graph_optimization_pass.cc:401] MLIR V1 optimization pass is not enabled\n"
                + "1.633 ms/op\nIteration   1: 1.234 ms/op\n\n" + ADVICE
                + "Benchmark            Mode  Cnt  Score   Error  Units\n" + name + "  avgt    3  1.234 ± 0.1  ms/op\n";
    }

    @Test
    void tensorFlowStartupLinesAreDroppedAndTheAdviceShownOnce() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream console = JmhConsole.over(new PrintStream(buf, true, StandardCharsets.UTF_8));
        console.print(combination("ForwardBenchmark.forward"));
        console.print(combination("ScoreBenchmark.score"));
        console.close();
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, lines.stream().filter(l -> l.contains("absl::") || l.contains("MLIR V1")).count(), lines.toString());
        assertEquals(1, lines.stream().filter(l -> l.startsWith("REMEMBER:")).count());
        assertEquals(1, lines.stream().filter(l -> l.startsWith("NOTE: Current JVM")).count());
        assertEquals(2, lines.stream().filter(l -> l.startsWith("Benchmark ")).count(), "both results tables kept");
        assertEquals(2, lines.stream().filter(l -> l.startsWith("Iteration   1:")).count(), "progress kept");
        assertEquals(2, lines.stream().filter(l -> l.equals("# Warmup Iteration   1: 1.633 ms/op")).count(),
                "a line the fork's output interrupted keeps its start: " + lines);
        assertEquals(2 * 7 + 12, lines.size(), "each combination's 7 lines and the 12 of the advice once: " + lines);
    }
}
