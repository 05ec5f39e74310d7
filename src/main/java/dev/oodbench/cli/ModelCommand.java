package dev.oodbench.cli;

import dev.oodbench.data.DatasetCatalog;
import dev.oodbench.data.ImageSet;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Device;
import dev.oodbench.model.ModelCatalog;
import dev.oodbench.train.Architecture;
import dev.oodbench.train.ModelRecipes;
import dev.oodbench.train.SavedModelExport;
import dev.oodbench.train.SavedModelWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "model", mixinStandardHelpOptions = true, description = "Facts about the shipped models.",
        subcommands = {ModelCommand.Info.class, ModelCommand.ListModels.class, ModelCommand.Export.class})
public final class ModelCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        new picocli.CommandLine(this).usage(System.out);
        return 0;
    }

    @Command(name = "list", description = "List the shipped models.")
    static final class ListModels implements Callable<Integer> {
        @Override
        public Integer call() {
            for (ModelCatalog.Entry e : ModelCatalog.entries()) {
                System.out.printf("%-18s %s%n", e.name(), e.description());
            }
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Print a model's card facts and its test accuracy measured now.")
    static final class Info implements Callable<Integer> {
        @Parameters(index = "0", description = "model name (see `model list`) or SavedModel folder")
        String model;

        @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default: ${DEFAULT-VALUE})")
        String device;

        @Override
        public Integer call() throws Exception {
            Path dir = ModelCatalog.path(model);
            try (Classifier c = Classifier.load(dir, Device.parse(device))) {
                System.out.printf("model        %s%n", c.name());
                System.out.printf("path         %s%n", dir.toAbsolutePath().normalize());
                System.out.printf("input        images [N,%d,%d,%d] float32 in [0,1] (normalised inside the graph)%n",
                        c.height(), c.width(), c.channels());
                System.out.printf("outputs      logits [N,%d], features [N,%d]; signature final_layer: weight [%d,%d], bias [%d]%n",
                        c.classes(), c.featureDim(), c.featureDim(), c.classes(), c.classes());
                System.out.printf("weights      %,d values in the graph (a training export also counts its batch-norm statistics)%n", c.parameterCount());
                Path card = dir.resolve("MODEL.md");
                if (Files.isRegularFile(card)) {
                    for (String line : Files.readAllLines(card)) {
                        if (line.startsWith("| ") && !line.startsWith("| fact") && !line.startsWith("| ---")) {
                            String[] cells = line.split("\\|");
                            if (cells.length >= 3) System.out.printf("%-12s %s%n", cells[1].trim(), cells[2].trim());
                        }
                    }
                }
                String testSet = ModelCatalog.entries().stream().filter(e -> e.name().equals(c.name()))
                        .map(ModelCatalog.Entry::testSet).findFirst().orElse(null);
                if (testSet == null) return 0;
                ImageSet test;
                try {
                    test = DatasetCatalog.load(testSet);
                } catch (IOException e) {
                    System.out.printf("accuracy     not measured: %s%n", e.getMessage());
                    return 0;
                }
                long t0 = System.nanoTime();
                double acc = c.accuracy(test, 500);
                System.out.printf(Locale.ROOT, "accuracy     %.2f%% top-1 on %s (%,d images, measured now in %.1f s on %s)%n",
                        100 * acc, test.name(), test.size(), (System.nanoTime() - t0) / 1e9, c.device().id());
            }
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Export a training export's weights (what 'train --training-out' writes, e.g. "
                    + "models/training/<name>) again, without training: by default as the inference SavedModel "
                    + "that ships in models/savedmodel/<name> (batch norm folded into the convolutions).")
    static final class Export implements Callable<Integer> {
        @Parameters(index = "0", description = "training export to read (its architecture is told by its input shape)")
        Path source;

        @Parameters(index = "1", description = "SavedModel folder to write (must not hold one)")
        Path target;

        @Option(names = "--form", defaultValue = "inference",
                description = "inference (folded, what ships) or training (one variable per weight and statistic, "
                        + "what --init-from reads); default: ${DEFAULT-VALUE}")
        String form;

        @Override
        public Integer call() throws Exception {
            if (!form.equals("inference") && !form.equals("training")) {
                throw new IllegalArgumentException("--form " + form + ": use inference or training");
            }
            Architecture arch = ModelRecipes.architectureOf(source);
            var weights = SavedModelWeights.read(source, arch);
            if (form.equals("inference")) {
                SavedModelExport.exportInference(arch, weights, target);
            } else {
                SavedModelExport.export(arch, weights, target);
            }
            System.out.printf("exported %s from %s to %s (%s form)%n", arch.name(), source, target, form);
            return 0;
        }
    }
}
