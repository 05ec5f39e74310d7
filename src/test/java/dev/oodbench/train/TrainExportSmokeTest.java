package dev.oodbench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.data.ImageSet;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Device;
import dev.oodbench.model.Outputs;
import dev.oodbench.model.ShippedModels;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A few training steps of both architectures on generated data, export, reload: the same outputs. */
class TrainExportSmokeTest {
    @TempDir
    Path tmp;

    private static ImageSet labelled(ImageSet s, int classes, long seed) {
        Random r = new Random(seed);
        int[] labels = new int[s.size()];
        for (int i = 0; i < labels.length; i++) labels[i] = r.nextInt(classes);
        return new ImageSet(s.name(), s.height(), s.width(), s.channels(), s.pixels(), labels);
    }

    private void trainExportReload(Architecture arch) throws IOException {
        ImageSet train = labelled(ShippedModels.blobs("train", 256, arch.height(), arch.width(), arch.channels(), 3),
                arch.classes(), 4);
        ImageSet probe = ShippedModels.blobs("probe", 20, arch.height(), arch.width(), arch.channels(), 5);
        Recipe recipe = arch.recipe().withEpochs(2).withBatchSize(64);
        Path out = tmp.resolve(arch.name());
        float[] expected;
        Map<String, float[]> weights;
        PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
        try (Trainer t = new Trainer(arch, recipe, quiet)) {
            t.fit(train, null, tmp.resolve("ckpt-" + arch.name()), 2);
            expected = t.logits(probe);
            weights = t.weights();
            SavedModelExport.export(arch, weights, out);
        }
        // the export holds every trained value exactly, so it can be re-exported without training
        Map<String, float[]> read = SavedModelWeights.read(out, arch);
        assertEquals(weights.keySet(), read.keySet());
        weights.forEach((k, v) -> assertArrayEquals(v, read.get(k), k));
        assertEquals(arch.name(), ModelRecipes.architectureOf(out).name());
        // the inference export (batch norm folded) of the same weights gives the same logits
        Path folded = tmp.resolve(arch.name() + "-inference");
        SavedModelExport.exportInference(arch, read, folded);
        try (Classifier c = Classifier.load(folded, Device.CPU)) {
            float[] l = c.run(probe.pixels(), probe.size()).logits();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], l[i], 1e-4 * (1 + Math.abs(expected[i])), "folded logit " + i);
            }
        }
        IllegalArgumentException notTraining = assertThrows(IllegalArgumentException.class,
                () -> SavedModelWeights.read(folded, arch));
        assertTrue(notTraining.getMessage().contains("inference export"), notTraining.getMessage());
        assertTrue(Files.isRegularFile(tmp.resolve("ckpt-" + arch.name()).resolve("epoch.txt")), "checkpoint written");
        try (Classifier c = Classifier.load(out, Device.CPU)) {
            assertEquals(arch.classes(), c.classes());
            assertEquals(arch.featureDim(), c.featureDim());
            assertEquals(arch.height(), c.height());
            assertEquals(arch.name().equals("cifar10-resnet20") ? List.of("stage1", "stage2", "stage3")
                    : List.of("block1", "block2"), c.activationNames());
            Outputs o = c.run(probe.pixels(), probe.size());
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], o.logits()[i], 1e-4 * (1 + Math.abs(expected[i])), "logit " + i);
            }
            // the exported final layer reproduces the logits from the features
            float[] w = c.finalWeight();
            float[] b = c.finalBias();
            for (int i = 0; i < o.n(); i++) {
                for (int k = 0; k < o.classes(); k++) {
                    double s = b[k];
                    for (int d = 0; d < o.dim(); d++) s += o.feature(i, d) * w[d * o.classes() + k];
                    assertEquals(o.logit(i, k), s, 1e-3 * (1 + Math.abs(s)));
                }
            }
        }
    }

    @Test
    void convnetTrainsExportsAndReloads() throws IOException {
        trainExportReload(new Mnist04ConvNet());
    }

    @Test
    void resnetTrainsExportsAndReloads() throws IOException {
        trainExportReload(new ResNet20());
    }

    @Test
    void aWarmStartBeginsWithTheExportedModelsOutputs() throws IOException {
        Mnist04ConvNet arch = new Mnist04ConvNet();
        trainExportReload(arch);
        ImageSet probe = ShippedModels.blobs("probe", 20, 28, 28, 1, 5);
        PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
        try (Trainer fresh = new Trainer(arch, arch.recipe(), quiet);
             Classifier exported = Classifier.load(tmp.resolve(arch.name()), Device.CPU)) {
            float[] before = fresh.logits(probe);
            fresh.initFrom(tmp.resolve(arch.name()));
            float[] after = fresh.logits(probe);
            float[] expected = exported.run(probe.pixels(), probe.size()).logits();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], after[i], 1e-4 * (1 + Math.abs(expected[i])), "logit " + i);
            }
            assertTrue(java.util.stream.IntStream.range(0, before.length).anyMatch(i -> Math.abs(before[i] - after[i]) > 1e-3),
                    "the random initialisation was replaced");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            try (Trainer resnet = new Trainer(new ResNet20(), new ResNet20().recipe(), quiet)) {
                resnet.initFrom(tmp.resolve(arch.name()));
            }
        });
        assertTrue(e.getMessage().contains("is it a cifar10-resnet20 model?"), e.getMessage());
    }

    @Test
    void exportRefusesToOverwriteAModel() throws IOException {
        Path dir = tmp.resolve("existing");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("saved_model.pb"), "x");
        IOException e = assertThrows(IOException.class,
                () -> SavedModelExport.export(new Mnist04ConvNet(), java.util.Map.of(), dir));
        assertTrue(e.getMessage().contains("already holds a SavedModel"), e.getMessage());
    }

    @Test
    void trainingRefusesImagesOfTheWrongShape() {
        ImageSet wrong = ShippedModels.blobs("wrong", 8, 32, 32, 3, 1);
        try (Trainer t = new Trainer(new Mnist04ConvNet(), new Mnist04ConvNet().recipe(),
                new PrintStream(java.io.OutputStream.nullOutputStream()))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.fit(wrong, null, null, 1));
            assertTrue(e.getMessage().contains("expects 28x28x1"), e.getMessage());
        }
    }
}
