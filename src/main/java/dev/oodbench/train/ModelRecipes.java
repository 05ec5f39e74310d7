package dev.oodbench.train;

import java.util.List;

/** The shipped architectures with the datasets each is trained and tested on. */
public final class ModelRecipes {
    /** A shipped model: its architecture and the catalog names of its training and test sets. */
    public record Entry(Architecture architecture, String trainSet, String testSet) {}

    private static final List<Entry> ENTRIES = List.of(
            new Entry(new Mnist04ConvNet(), "mnist04-train", "mnist04-test"),
            new Entry(new ResNet20(), "cifar10-train", "cifar10-test"));

    private ModelRecipes() {}

    public static List<Entry> all() { return ENTRIES; }

    public static Entry get(String model) {
        return ENTRIES.stream().filter(e -> e.architecture().name().equals(model)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown model '" + model + "'; known: "
                        + ENTRIES.stream().map(e -> e.architecture().name()).toList()));
    }
}
