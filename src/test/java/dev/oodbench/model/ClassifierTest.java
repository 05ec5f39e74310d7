package dev.oodbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.data.ImageSet;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Shape and signature contracts of the committed SavedModels. */
class ClassifierTest {
    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("mnist04-convnet", 28, 28, 1, 5, 128),
                Arguments.of("cifar10-resnet20", 32, 32, 3, 10, 64));
    }

    @ParameterizedTest
    @MethodSource("models")
    void signatureShapesMatchTheCard(String name, int h, int w, int c, int classes, int dim) {
        try (Classifier m = Classifier.load(ShippedModels.dir(name), Device.CPU)) {
            assertEquals(h, m.height());
            assertEquals(w, m.width());
            assertEquals(c, m.channels());
            assertEquals(classes, m.classes());
            assertEquals(dim, m.featureDim());
            assertEquals(dim * classes, m.finalWeight().length);
            assertEquals(classes, m.finalBias().length);
            for (int n : new int[] {1, 7, 33}) {
                ImageSet s = ShippedModels.blobs("x", n, h, w, c, n);
                Outputs o = m.run(s.pixels(), n);
                assertEquals(n, o.n());
                assertEquals(n * classes, o.logits().length);
                assertEquals(n * dim, o.features().length);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void batchSizeDoesNotChangeOutputs(String name, int h, int w, int c, int classes, int dim) {
        try (Classifier m = Classifier.load(ShippedModels.dir(name), Device.CPU)) {
            ImageSet s = ShippedModels.blobs("x", 64, h, w, c, 9);
            Outputs whole = m.run(s, 64, n -> { });
            Outputs ones = m.run(s, 1, n -> { });
            for (int i = 0; i < whole.logits().length; i++) {
                assertEquals(whole.logits()[i], ones.logits()[i], 1e-4 * (1 + Math.abs(whole.logits()[i])));
            }
        }
    }

    static Stream<Arguments> stages() {
        return Stream.of(
                Arguments.of("mnist04-convnet", List.of("block1", "block2"), List.of(Shape.of(14, 14, 32), Shape.of(7, 7, 64))),
                Arguments.of("cifar10-resnet20", List.of("stage1", "stage2", "stage3"),
                        List.of(Shape.of(32, 32, 16), Shape.of(16, 16, 32), Shape.of(8, 8, 64))));
    }

    @ParameterizedTest
    @MethodSource("stages")
    void activationsAreEachStagesMapInDepthOrderFromTheSameRun(String name, List<String> stages, List<Shape> shapes) {
        try (Classifier m = Classifier.load(ShippedModels.dir(name), Device.CPU)) {
            assertEquals(stages, m.activationNames());
            int n = 5;
            ImageSet s = ShippedModels.blobs("x", n, m.height(), m.width(), m.channels(), 11);
            Outputs expected = m.run(s.pixels(), n);
            try (TFloat32 x = m.inputTensor(s.pixels(), n)) {
                var run = m.session().runner().feed(m.imagesInput(), x).fetch(m.logitsOutput()).fetch(m.featuresOutput());
                m.activations().forEach(run::fetch);
                try (Result r = run.run()) {
                    TFloat32 logits = (TFloat32) r.get(0);
                    for (int i = 0; i < n; i++) {
                        for (int c = 0; c < m.classes(); c++) assertEquals(expected.logit(i, c), logits.getFloat(i, c), 1e-5);
                    }
                    for (int k = 0; k < stages.size(); k++) {
                        TFloat32 map = (TFloat32) r.get(2 + k);
                        Shape sh = shapes.get(k);
                        assertEquals(Shape.of(n, sh.get(0), sh.get(1), sh.get(2)), map.shape(), stages.get(k));
                        float[] v = new float[Math.toIntExact(map.shape().size())];
                        map.copyTo(DataBuffers.of(v, false, false));
                        float min = Float.MAX_VALUE;
                        for (float f : v) min = Math.min(min, f);
                        assertTrue(min >= 0f, stages.get(k) + " is post-ReLU");
                        assertSame(m.activations().get(k), m.activation(stages.get(k)));
                    }
                    if (name.equals("cifar10-resnet20")) {
                        // the features are the global average of the last map
                        TFloat32 last = (TFloat32) r.get(1 + stages.size());
                        for (int i = 0; i < n; i++) {
                            for (int c = 0; c < 64; c++) {
                                double sum = 0;
                                for (int y = 0; y < 8; y++) for (int xx = 0; xx < 8; xx++) sum += last.getFloat(i, y, xx, c);
                                assertEquals(expected.feature(i, c), sum / 64, 1e-5);
                            }
                        }
                    }
                }
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.activation("stage9"));
            assertTrue(e.getMessage().contains(stages.toString()), e.getMessage());
        }
    }

    @Test
    void wrongInputShapeNamesTheExpectedShape() {
        try (Classifier m = Classifier.load(ShippedModels.dir("mnist04-convnet"), Device.CPU)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.run(new float[32 * 32 * 3], 1));
            assertTrue(e.getMessage().contains("[N,28,28,1]"), e.getMessage());
            ImageSet cifarShaped = ShippedModels.blobs("cifar-shaped", 2, 32, 32, 3, 1);
            e = assertThrows(IllegalArgumentException.class, () -> m.checkShape(cifarShaped));
            assertTrue(e.getMessage().contains("expects 28x28x1"), e.getMessage());
        }
    }

    @Test
    void missingModelFolderIsAClearError(@TempDir Path tmp) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Classifier.load(tmp, Device.CPU));
        assertTrue(e.getMessage().contains("no saved_model.pb"), e.getMessage());
    }

    @Test
    void gpuWithoutGpuFailsWithOneClearLine() {
        if (GpuCheck.available()) return; // on a GPU machine the GPU path is exercised by the benchmarks
        DeviceUnavailableException e = assertThrows(DeviceUnavailableException.class,
                () -> Classifier.load(ShippedModels.dir("mnist04-convnet"), Device.GPU));
        assertTrue(e.getMessage().startsWith("device gpu:"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void unknownDeviceIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Device.parse("tpu"));
        assertTrue(e.getMessage().contains("use cpu or gpu"));
    }
}
