package dev.oodbench.model;

import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunOptions;

/**
 * The kernels TensorFlow ran for one {@code Session.run} (after Grappler's rewrites, e.g. the
 * remapper's {@code _FusedConv2D}), read from a trace: per op type, how many ran and their
 * summed op time in microseconds. A software trace: the kernels and their times, without the GPU tracer that a
 * full trace starts (which, where there is no GPU, prints "GPU trace was not collected" on every call).
 */
public final class KernelTrace {
    private KernelTrace() {}

    /** Runs {@code runner} once with a full trace; op type -> {count, microseconds}. */
    public static Map<String, long[]> run(Session.Runner runner) {
        Map<String, long[]> byType = new TreeMap<>();
        RunOptions opts = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.SOFTWARE_TRACE).build();
        try (Result r = runner.setOptions(opts).runAndFetchMetadata()) {
            for (var dev : r.getMetadata().orElseThrow().getStepStats().getDevStatsList()) {
                for (NodeExecStats n : dev.getNodeStatsList()) {
                    String label = n.getTimelineLabel(); // "name = Type(inputs)"
                    int eq = label.indexOf(" = ");
                    int paren = label.indexOf('(', Math.max(0, eq));
                    if (eq < 0 || paren < 0) continue;
                    long[] a = byType.computeIfAbsent(label.substring(eq + 3, paren), k -> new long[2]);
                    a[0]++;
                    a[1] += n.getOpEndRelMicros() - n.getOpStartRelMicros();
                }
            }
        }
        return byType;
    }
}
