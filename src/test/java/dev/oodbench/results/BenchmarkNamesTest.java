package dev.oodbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each {@link Benchmark} names a JMH class that has a {@code @Benchmark} method of the same name, and only that one. */
class BenchmarkNamesTest {
    @Test
    void everyConstantMatchesItsJmhBenchmarkMethod() throws Exception {
        for (Benchmark b : Benchmark.values()) {
            Class<?> c = Class.forName(b.jmhClass());
            List<String> methods = Arrays.stream(c.getMethods())
                    .filter(m -> m.isAnnotationPresent(org.openjdk.jmh.annotations.Benchmark.class))
                    .map(Method::getName).toList();
            assertEquals(List.of(b.id()), methods, b + " in " + c.getSimpleName());
            boolean sweepsBatches = Arrays.stream(c.getFields()).anyMatch(f -> f.getName().equals("batchSize"));
            assertEquals(b.batched(), sweepsBatches, b + ": batched() against the class's batchSize parameter");
        }
    }

    @Test
    void namesRoundTripAndUnknownNamesListTheKnownOnes() {
        for (Benchmark b : Benchmark.values()) assertEquals(b, Benchmark.of(b.id()));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Benchmark.of("speed"));
        assertTrue(e.getMessage().contains("speed") && e.getMessage().contains("head"), e.getMessage());
    }
}
