package dev.oodbench.suite;

import java.io.BufferedWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * One short-lived worker process ("fork"): loads each group's workloads, each through its version's
 * classes, times them with the {@link Interleaver}, and appends one result line per group. Groups run
 * in a random order and the variants of a group are loaded in a random order, so neither position
 * favours a side. Usage: {@code InterleavedWorker JOB.json RESULTS.jsonl}.
 */
public final class InterleavedWorker {
    private InterleavedWorker() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: InterleavedWorker JOB.json RESULTS.jsonl");
            System.exit(2);
        }
        run(InterleavedJob.read(Path.of(args[0])), Path.of(args[1]));
        System.exit(0); // TensorFlow's pools are not daemon threads
    }

    static void run(InterleavedJob job, Path results) throws Exception {
        Random random = new Random(job.seed());
        Map<String, Method> factories = new HashMap<>();
        for (InterleavedJob.Version v : job.versions()) factories.put(v.name(), factory(v));
        List<InterleavedJob.Group> groups = new ArrayList<>(job.groups());
        Collections.shuffle(groups, random);
        try (BufferedWriter out = Files.newBufferedWriter(results, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            for (InterleavedJob.Group g : groups) {
                out.write(InterleavedJob.line(time(job, g, factories, random)));
                out.newLine();
                out.flush();
            }
        }
    }

    private static InterleavedJob.GroupResult time(InterleavedJob job, InterleavedJob.Group g, Map<String, Method> factories,
                                                   Random random) {
        int k = g.variants().size();
        Runnable[] ops = new Runnable[k];
        List<AutoCloseable> open = new ArrayList<>();
        try {
            List<String> versions = new ArrayList<>(g.variants().stream().map(InterleavedJob.Variant::version).distinct().toList());
            Collections.shuffle(versions, random);
            for (String version : versions) {
                List<Integer> idx = new ArrayList<>();
                for (int i = 0; i < k; i++) if (g.variants().get(i).version().equals(version)) idx.add(i);
                List<String> specs = idx.stream().map(i -> g.variants().get(i).spec()).toList();
                AutoCloseable group = (AutoCloseable) factories.get(version).invoke(null, job.version(version).models(), specs);
                open.add(group);
                @SuppressWarnings("unchecked")
                List<Runnable> got = ((Supplier<List<Runnable>>) group).get();
                for (int j = 0; j < idx.size(); j++) ops[idx.get(j)] = got.get(j);
            }
            Interleaver.Timings t = new Interleaver(g.seconds(), job.slotSeconds(), job.warmupSeconds(), random)
                    .run(List.of(ops), g.bracketFirst());
            return new InterleavedJob.GroupResult(g.id(), t.seconds(), t.reference(), null);
        } catch (Exception | Error e) {
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            return new InterleavedJob.GroupResult(g.id(), null, String.valueOf(cause.getMessage() == null ? cause : cause.getMessage())
                    .lines().findFirst().orElse("failed"));
        } finally {
            for (AutoCloseable c : open) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing sessions after the timing
                }
            }
        }
    }

    /** The version's {@code WorkloadFactory.open}: the running one, or one from its jar in its own class loader. */
    private static Method factory(InterleavedJob.Version v) throws Exception {
        Class<?> c;
        if (v.jar() == null) {
            c = WorkloadFactory.class;
        } else {
            VersionClassLoader loader = new VersionClassLoader("oodbench-" + v.name(), Path.of(v.jar()).toUri().toURL(),
                    InterleavedWorker.class.getClassLoader());
            try {
                c = Class.forName(WorkloadFactory.CLASS_NAME, true, loader);
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("version " + v.name() + " (" + v.jar() + ") has no " + WorkloadFactory.CLASS_NAME
                        + ": it predates in-process A/B runs; compare it with JMH runs instead (bench + compare)");
            }
        }
        return c.getMethod("open", String.class, List.class);
    }
}
