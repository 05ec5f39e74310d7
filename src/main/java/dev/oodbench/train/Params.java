package dev.oodbench.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * The variables of one network, created on first use and shared by every branch built over them
 * (the training branch and the inference branch of a training graph use the same weights). In
 * {@code initialised} mode each variable starts from a seeded Java initialiser, so training is
 * reproducible; otherwise variables are left empty for a restore or an explicit assignment
 * (the export graph).
 */
public final class Params {
    /** How a new variable is filled. */
    public enum Init { ZEROS, ONES, HE_NORMAL, FAN_IN_UNIFORM }

    /** One variable with what the optimiser needs to know of it. */
    public record Param(String name, Variable<TFloat32> variable, Shape shape, boolean trainable, boolean decayed) {}

    private final Ops tf;
    private final boolean initialised;
    private final Random rng;
    private final Map<String, Param> params = new LinkedHashMap<>();

    public Params(Ops tf, boolean initialised, long seed) {
        this.tf = tf;
        this.initialised = initialised;
        this.rng = new Random(seed);
    }

    /** The variable called {@code name}, created with {@code init} the first time. */
    public Variable<TFloat32> get(String name, Shape shape, Init init, boolean trainable, boolean decayed) {
        Param p = params.get(name);
        if (p != null) {
            if (!p.shape().equals(shape)) {
                throw new IllegalStateException("variable " + name + " reused with shape " + shape + ", was " + p.shape());
            }
            return p.variable();
        }
        Variable<TFloat32> v;
        if (initialised) {
            float[] values = initialValues(shape, init);
            v = named(name).variable(tf.constant(shape, DataBuffers.of(values, true, false)));
        } else {
            v = named(name).variable(shape, TFloat32.class);
        }
        params.put(name, new Param(name, v, shape, trainable, decayed));
        return v;
    }

    /** Ops that name their next op {@code a/b/c} (TF Java takes the scope parts one at a time). */
    public static Ops named(Ops tf, String path) {
        String[] parts = path.split("/");
        Ops scoped = tf;
        for (int i = 0; i < parts.length - 1; i++) scoped = scoped.withSubScope(parts[i]);
        return scoped.withName(parts[parts.length - 1]);
    }

    private Ops named(String path) {
        return named(tf, path);
    }

    public List<Param> all() {
        return new ArrayList<>(params.values());
    }

    public List<Param> trainable() {
        return params.values().stream().filter(Param::trainable).toList();
    }

    private float[] initialValues(Shape shape, Init init) {
        int n = Math.toIntExact(shape.size());
        float[] v = new float[n];
        long fanIn = shape.numDimensions() <= 1 ? 1 : shape.size() / shape.get(shape.numDimensions() - 1);
        switch (init) {
            case ZEROS -> { }
            case ONES -> Arrays.fill(v, 1f);
            case HE_NORMAL -> {
                double std = Math.sqrt(2.0 / fanIn);
                for (int i = 0; i < n; i++) v[i] = (float) (rng.nextGaussian() * std);
            }
            case FAN_IN_UNIFORM -> {
                double bound = 1.0 / Math.sqrt(fanIn);
                for (int i = 0; i < n; i++) v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            }
        }
        return v;
    }
}
