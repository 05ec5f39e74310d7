package dev.oodbench.cli;

import dev.oodbench.data.DatasetCatalog;
import dev.oodbench.data.ImageSet;
import dev.oodbench.model.ModelCatalog;
import dev.oodbench.train.Architecture;
import dev.oodbench.train.ModelRecipes;
import dev.oodbench.train.Recipe;
import dev.oodbench.train.SavedModelExport;
import dev.oodbench.train.Trainer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a shipped model from scratch and export it twice: the inference SavedModel that ships "
                + "(--out) and the training export that --init-from and 'model export' read (--training-out).")
public final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "mnist04-convnet or cifar10-resnet20")
    String model;

    @Option(names = "--epochs", description = "override the recipe's epoch count")
    Integer epochs;

    @Option(names = "--batch-size", description = "override the recipe's batch size (learning rate scales linearly)")
    Integer batchSize;

    @Option(names = "--learning-rate", description = "override the recipe's peak learning rate (after --batch-size scaling)")
    Double learningRate;

    @Option(names = "--seed", description = "override the recipe's seed (shuffling, augmentation, initialisation)")
    Long seed;

    @Option(names = "--max-steps", description = "at most this many steps per epoch (smoke runs and timing)")
    Integer maxSteps;

    @Option(names = "--out", description = "inference SavedModel folder to write (default: build/models/<model>)")
    Path out;

    @Option(names = "--training-out", description = "training export folder to write (default: <out>.training)")
    Path trainingOut;

    @Option(names = "--checkpoint", description = "checkpoint folder; an interrupted run resumes from it (default: <out>.ckpt)")
    Path checkpoint;

    @Option(names = "--init-from", description = "start from this training export's weights (a warm restart: "
            + "the recipe's schedule runs again from its start) instead of a random initialisation")
    Path initFrom;

    @Override
    public Integer call() throws Exception {
        // every option is checked before the data is loaded and hours of training start
        atLeastOne("--epochs", epochs, "an untrained model is no model");
        atLeastOne("--batch-size", batchSize, null);
        atLeastOne("--max-steps", maxSteps, null);
        if (learningRate != null && !(learningRate > 0 && learningRate < 100)) {
            throw new IllegalArgumentException("--learning-rate " + learningRate + ": give a number above 0 (and below "
                    + "100), e.g. 0.1; a rate of 0 or less does not learn");
        }
        Architecture arch = ModelRecipes.architecture(model);
        ModelCatalog.Entry entry = ModelCatalog.entry(model);
        Recipe recipe = arch.recipe();
        if (epochs != null) recipe = recipe.withEpochs(epochs);
        if (batchSize != null) recipe = recipe.withBatchSize(batchSize);
        if (learningRate != null) recipe = recipe.withLearningRate(learningRate);
        if (seed != null) recipe = recipe.withSeed(seed);
        Path dir = out != null ? out : Path.of("build", "models", model);
        Path ckpt = checkpoint != null ? checkpoint : Path.of(dir + ".ckpt");
        Path trainingDir = trainingOut != null ? trainingOut : Path.of(dir + ".training");
        SavedModelExport.refuseOverwrite(dir);
        SavedModelExport.refuseOverwrite(trainingDir);
        ImageSet trainSet = DatasetCatalog.load(entry.trainSet());
        ImageSet testSet = DatasetCatalog.load(entry.testSet());
        long t0 = System.nanoTime();
        try (Trainer trainer = new Trainer(arch, recipe, System.out)) {
            if (initFrom != null) trainer.initFrom(initFrom);
            trainer.fit(trainSet, testSet, ckpt, maxSteps == null ? Integer.MAX_VALUE : maxSteps);
            double acc = trainer.accuracy(testSet);
            var weights = trainer.weights();
            SavedModelExport.export(arch, weights, trainingDir);
            SavedModelExport.exportInference(arch, weights, dir);
            System.out.printf(Locale.ROOT, "exported %s to %s (inference) and %s (training): test accuracy "
                    + "%.4f on %s, %.1f min%n", model, dir, trainingDir, acc, testSet.name(), (System.nanoTime() - t0) / 60e9);
        }
        return 0;
    }

    private static void atLeastOne(String option, Integer value, String why) {
        if (value != null && value < 1) {
            throw new IllegalArgumentException(option + " " + value + ": give 1 or more" + (why == null ? "" : " (" + why + ")"));
        }
    }
}
