package dev.oodbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.data.DatasetCatalog;
import dev.oodbench.data.ImageSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * The shipped inference SavedModels (batch norm folded, Conv2D -> BiasAdd -> Relu) against the
 * training exports they were made from (models/training/NAME): the same outputs, no training ops,
 * every convolution fused by TensorFlow's remapper.
 */
class InferenceModelTest {
    @ParameterizedTest
    @ValueSource(strings = {"mnist04-convnet", "cifar10-resnet20"})
    void theGraphHoldsNoBatchNormAndEveryConvolutionHasItsBias(String name) {
        try (Classifier m = Classifier.load(ShippedModels.dir(name), Device.CPU)) {
            Map<String, Integer> types = opTypes(m);
            assertTrue(!types.containsKey("FusedBatchNormV3") && !types.containsKey("VariableV2")
                    && !types.containsKey("Assign") && !types.containsKey("PadV2"), types.toString());
            var it = m.graph().operations();
            int convs = 0;
            while (it.hasNext()) {
                GraphOperation op = (GraphOperation) it.next();
                if (!op.type().equals("Conv2D") || op.input(1).shape().get(0) == 1) continue; // 1x1: the shortcut's copy
                convs++;
                assertEquals(1, op.numConsumers(), op.name());
                assertEquals("BiasAdd", op.consumers().iterator().next().type(), op.name() + " feeds its bias");
            }
            assertEquals(name.equals("cifar10-resnet20") ? 19 : 2, convs);
            assertEquals(types.getOrDefault("Conv2D", 0) - convs, name.equals("cifar10-resnet20") ? 2 : 0);
            // the folded weights: the training export's values less the four batch-norm vectors of each
            // folded convolution, plus the one bias vector it gains
            try (Classifier t = Classifier.load(ShippedModels.trainingDir(name), Device.CPU)) {
                assertEquals(t.parameterCount() - bnValues(t) * 3 / 4, m.parameterCount(), "folded parameter count");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mnist04-convnet", "cifar10-resnet20"})
    void remapperFusesEveryConvolutionWithItsBias(String name) {
        try (Classifier m = Classifier.load(ShippedModels.dir(name), Device.CPU)) {
            ImageSet s = ShippedModels.blobs("x", 4, m.height(), m.width(), m.channels(), 3);
            Map<String, long[]> kernels;
            try (TFloat32 x = m.inputTensor(s.pixels(), 4)) {
                kernels = KernelTrace.run(m.session().runner().feed(m.imagesInput(), x).fetch(m.logitsOutput()));
            }
            long fused = kernels.entrySet().stream().filter(e -> e.getKey().contains("FusedConv2D"))
                    .mapToLong(e -> e.getValue()[0]).sum();
            assertEquals(name.equals("cifar10-resnet20") ? 19L : 2L, fused, kernels.keySet().toString());
            assertTrue(!kernels.containsKey("BiasAdd") && !kernels.containsKey("FusedBatchNormV3"), kernels.keySet().toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mnist04-convnet", "cifar10-resnet20"})
    void givesTheTrainingExportsOutputsAndMaps(String name) {
        try (Classifier folded = Classifier.load(ShippedModels.dir(name), Device.CPU);
             Classifier training = Classifier.load(ShippedModels.trainingDir(name), Device.CPU)) {
            assertEquals(training.activationNames(), folded.activationNames());
            assertEquals(List.of(floats(training.finalWeight())), List.of(floats(folded.finalWeight())));
            ImageSet s = ShippedModels.blobs("x", 16, folded.height(), folded.width(), folded.channels(), 8);
            List<float[]> a = everything(training, s);
            List<float[]> b = everything(folded, s);
            for (int k = 0; k < a.size(); k++) {
                assertEquals(0, maxAbsDiff(a.get(k), b.get(k)), 1e-3, "output " + k);
            }
        }
    }

    /**
     * On the full real test set: logits and features within 1e-3 of the training export's, the same
     * argmax on at least 99.95% of images, and the same accuracy to 0.05 points.
     */
    @ParameterizedTest
    @CsvSource({"mnist04-convnet, mnist04-test", "cifar10-resnet20, cifar10-test"})
    @EnabledIfEnvironmentVariable(named = "OODBENCH_DATA", matches = ".+")
    void agreesWithTheTrainingExportOnTheRealTestSet(String name, String testSet) throws IOException {
        ImageSet test = DatasetCatalog.load(testSet);
        try (Classifier folded = Classifier.load(ShippedModels.dir(name), Device.CPU);
             Classifier training = Classifier.load(ShippedModels.trainingDir(name), Device.CPU)) {
            Outputs a = training.run(test, 500, n -> { });
            Outputs b = folded.run(test, 500, n -> { });
            int agree = 0;
            int correctA = 0;
            int correctB = 0;
            for (int i = 0; i < a.n(); i++) {
                if (a.predicted(i) == b.predicted(i)) agree++;
                if (a.predicted(i) == test.label(i)) correctA++;
                if (b.predicted(i) == test.label(i)) correctB++;
            }
            double logitDiff = maxAbsDiff(a.logits(), b.logits());
            double featureDiff = maxAbsDiff(a.features(), b.features());
            System.out.printf("%s on %s (%d images): max |logit diff| %.2e, max |feature diff| %.2e, argmax agreement "
                            + "%d/%d, accuracy %.4f (training export) vs %.4f (inference)%n", name, testSet, a.n(), logitDiff,
                    featureDiff, agree, a.n(), correctA / (double) a.n(), correctB / (double) a.n());
            assertTrue(logitDiff <= 1e-3, "max logit difference " + logitDiff);
            assertTrue(featureDiff <= 1e-3, "max feature difference " + featureDiff);
            assertTrue(agree >= 0.9995 * a.n(), agree + " of " + a.n() + " agree");
            assertTrue(Math.abs(correctA - correctB) <= 0.0005 * a.n(), correctA + " vs " + correctB + " correct");
        }
    }

    /** Logits, features and every activation map of {@code s}, in one run. */
    private static List<float[]> everything(Classifier m, ImageSet s) {
        try (TFloat32 x = m.inputTensor(s.pixels(), s.size())) {
            var run = m.session().runner().feed(m.imagesInput(), x).fetch(m.logitsOutput()).fetch(m.featuresOutput());
            m.activations().forEach(run::fetch);
            try (Result r = run.run()) {
                List<float[]> out = new ArrayList<>();
                for (int k = 0; k < r.size(); k++) {
                    TFloat32 t = (TFloat32) r.get(k);
                    float[] v = new float[Math.toIntExact(t.shape().size())];
                    t.copyTo(DataBuffers.of(v, false, false));
                    out.add(v);
                }
                return out;
            }
        }
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    private static List<Float> floats(float[] v) {
        List<Float> l = new ArrayList<>();
        for (float f : v) l.add(f);
        return l;
    }

    private static Map<String, Integer> opTypes(Classifier m) {
        Map<String, Integer> types = new TreeMap<>();
        m.graph().operations().forEachRemaining(op -> types.merge(op.type(), 1, Integer::sum));
        return types;
    }

    /** Values of the batch-norm variables (gamma, beta, moving mean and variance) of a training export. */
    private static long bnValues(Classifier m) {
        long n = 0;
        var it = m.graph().operations();
        while (it.hasNext()) {
            var op = it.next();
            if (op.type().equals("VariableV2") && op.name().contains("/bn")) n += op.output(0).shape().size();
        }
        return n;
    }
}
