package dev.oodbench.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The shipped models and where they live: {@code $OODBENCH_MODELS/<name>} when that variable is
 * set, else {@code <oodbench.home>/models/savedmodel/<name>} (the launcher sets oodbench.home to the
 * checkout; the default is the working directory).
 */
public final class ModelCatalog {
    /** A shipped model with the datasets it was trained on and is tested on (catalog names). */
    public record Entry(String name, String trainSet, String testSet, String description) {}

    private static final List<Entry> ENTRIES = List.of(
            new Entry("mnist04-convnet", "mnist04-train", "mnist04-test",
                    "toy convnet on MNIST digits 0-4 (28x28x1, 5 classes, 128-d features)"),
            new Entry("cifar10-resnet20", "cifar10-train", "cifar10-test",
                    "ResNet-20 on CIFAR-10 (32x32x3, 10 classes, 64-d features)"));

    private ModelCatalog() {}

    public static List<Entry> entries() {
        return ENTRIES;
    }

    public static List<String> names() {
        return ENTRIES.stream().map(Entry::name).toList();
    }

    public static Entry entry(String name) {
        return ENTRIES.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown model '" + name + "'; known: "
                        + String.join(", ", names())));
    }

    public static Path root() {
        String env = System.getenv("OODBENCH_MODELS");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of(System.getProperty("oodbench.home", "."), "models", "savedmodel");
    }

    /** The SavedModel folder of a catalog model, or of any folder path given instead of a name. */
    public static Path path(String nameOrDir) {
        Path dir = ENTRIES.stream().anyMatch(e -> e.name().equals(nameOrDir)) ? root().resolve(nameOrDir) : Path.of(nameOrDir);
        if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
            throw new IllegalArgumentException("model '" + nameOrDir + "': no SavedModel at " + dir
                    + "; known models: " + String.join(", ", names()) + " (set OODBENCH_MODELS to their folder)");
        }
        return dir;
    }

    public static Classifier load(String nameOrDir, Device device) {
        return Classifier.load(path(nameOrDir), device);
    }
}
