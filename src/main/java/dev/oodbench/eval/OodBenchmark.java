package dev.oodbench.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The default benchmark of each shipped model, OpenOOD-style: the ID test set and the OOD sets in
 * a near group (semantic shift, similar images) and a far group (other domains, noise). Group rows
 * are plain averages of their datasets' rows.
 */
public record OodBenchmark(String model, String idSet, List<String> near, List<String> far) {
    private static final List<OodBenchmark> DEFAULTS = List.of(
            new OodBenchmark("mnist04-convnet", "mnist04-test",
                    List.of("mnist59-test"),
                    List.of("fashion-mnist-test", "notmnist-test", "omniglot", "rademacher", "gaussian", "uniform")),
            new OodBenchmark("cifar10-resnet20", "cifar10-test",
                    List.of("cifar100-test"),
                    List.of("svhn-test", "mnist-test", "fashion-mnist-test", "notmnist-test", "omniglot", "rademacher", "gaussian", "uniform")));

    public static OodBenchmark of(String model) {
        return DEFAULTS.stream().filter(b -> b.model().equals(model)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no default benchmark for model '" + model
                        + "'; pass --id and --ood"));
    }

    public List<String> oodSets() {
        List<String> all = new ArrayList<>(near);
        all.addAll(far);
        return all;
    }

    /** {@code near}, {@code far}, or {@code other} for a set outside this benchmark's lists. */
    public String group(String set) {
        return near.contains(set) ? "near" : far.contains(set) ? "far" : "other";
    }
}
