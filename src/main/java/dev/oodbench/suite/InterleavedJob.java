package dev.oodbench.suite;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one worker process times, and what it found: groups of workloads, each group interleaved on its
 * own (the variants of one row: version A and B of it in {@code ab}; forward, score, head and pipeline of one
 * detector in a run's paired overheads). Written as JSON for the worker, results come back as one JSON
 * line per group.
 *
 * @param versions the versions whose classes the variants use; a version without a jar is the running one
 */
public record InterleavedJob(long seed, double slotSeconds, double warmupSeconds, List<Version> versions,
                             List<Group> groups) {
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    /** A version of oodbench: its jar (null for the running classes) and its models folder. */
    public record Version(String name, String jar, String models) {}

    /** One thing timed: a workload spec run with a version's classes. */
    public record Variant(String version, String spec) {}

    /**
     * Variants timed together, interleaved, for {@code seconds}; with {@code bracketFirst} the first variant
     * (the forward pass the others contain) also runs between the others ({@link Interleaver#run(List, boolean)}).
     */
    public record Group(String id, double seconds, List<Variant> variants, boolean bracketFirst) {
        public Group(String id, double seconds, List<Variant> variants) {
            this(id, seconds, variants, false);
        }
    }

    /**
     * A group's timings, {@code seconds[variant][round]} per operation, in the group's variant order;
     * for a bracketed group, {@code reference[variant][round]}: the first variant's time around that slot
     * (null otherwise); {@code error} set (and no timings) when the group could not run.
     */
    public record GroupResult(String id, double[][] seconds, double[][] reference, String error) {
        public GroupResult(String id, double[][] seconds, String error) {
            this(id, seconds, null, error);
        }

        public boolean ok() {
            return error == null;
        }
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, GSON.toJson(this));
    }

    public static InterleavedJob read(Path file) throws IOException {
        return GSON.fromJson(Files.readString(file), InterleavedJob.class);
    }

    public Version version(String name) {
        return versions.stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("job names no version '" + name + "'"));
    }

    static String line(GroupResult r) {
        return GSON.toJson(r);
    }

    /** The results a worker wrote, one per line; a torn last line (the worker died) is left out. */
    public static List<GroupResult> readResults(Path file) throws IOException {
        List<GroupResult> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) return out;
        for (String l : Files.readAllLines(file)) {
            if (l.isBlank()) continue;
            try {
                out.add(GSON.fromJson(l, GroupResult.class));
            } catch (RuntimeException e) {
                break;
            }
        }
        return out;
    }
}
