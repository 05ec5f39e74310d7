package dev.oodbench.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Matrix;

/**
 * Reads SVHN's cropped-digit MATLAB v5 files ({@code test_32x32.mat}) with the MFL library: {@code X}
 * is uint8 [32,32,3,N] (column-major), {@code y} is [N,1] with label 10 standing for digit 0.
 * Pixels become NHWC in [0,1]; labels 0-9.
 */
public final class SvhnMat {
    private SvhnMat() {}

    public static ImageSet read(String name, Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new FileNotFoundException(file + ": file not found");
        Mat5File mat;
        try {
            mat = Mat5.readFromFile(file.toFile());
        } catch (RuntimeException | IOException e) {
            throw new DatasetFormatException(file + ": not a readable MATLAB v5 file (" + e.getMessage() + "); re-download it");
        }
        try (mat) {
            Matrix x;
            Matrix y;
            try {
                x = mat.getMatrix("X");
                y = mat.getMatrix("y");
            } catch (RuntimeException e) {
                throw new DatasetFormatException(file + ": lacks the SVHN variables X and y; is it test_32x32.mat?");
            }
            int[] d = x.getDimensions();
            if (d.length != 4 || d[0] != 32 || d[1] != 32 || d[2] != 3) {
                throw new DatasetFormatException(file + ": X has shape " + Arrays.toString(d)
                        + ", expected [32, 32, 3, N]");
            }
            int n = d[3];
            if (y.getNumElements() != n) {
                throw new DatasetFormatException(file + ": " + n + " images but " + y.getNumElements() + " labels");
            }
            float[] px = new float[n * 3072];
            for (int i = 0; i < n; i++) {
                for (int ch = 0; ch < 3; ch++) {
                    for (int col = 0; col < 32; col++) {
                        for (int row = 0; row < 32; row++) {
                            int src = row + 32 * (col + 32 * (ch + 3 * i));
                            px[((i * 32 + row) * 32 + col) * 3 + ch] = (x.getByte(src) & 0xFF) / 255f;
                        }
                    }
                }
            }
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                int l = (int) y.getDouble(i);
                if (l < 1 || l > 10) throw new DatasetFormatException(file + ": label " + l + " at " + i + " outside 1..10");
                labels[i] = l == 10 ? 0 : l;
            }
            return new ImageSet(name, 32, 32, 3, px, labels);
        }
    }
}
