package dev.oodbench.data;

/**
 * The one place where an image set is made to fit a model's input: grey to RGB (channel copied),
 * RGB to grey (ITU-R BT.601 luma), bilinear resize (align-corners off, as TF's resize_bilinear with
 * half-pixel centres), and inversion (dark strokes on white to bright on black). Every caller that
 * prepares a cross-dataset OOD set goes through {@link #adapt}.
 */
public final class Preprocess {
    private Preprocess() {}

    /** {@code set} with images of {@code h x w x c}; returned unchanged when it already fits. */
    public static ImageSet adapt(ImageSet set, int h, int w, int c) {
        ImageSet s = set;
        if (s.height() != h || s.width() != w) s = resize(s, h, w);
        if (s.channels() != c) {
            if (s.channels() == 1 && c == 3) s = greyToRgb(s);
            else if (s.channels() == 3 && c == 1) s = rgbToGrey(s);
            else throw new IllegalArgumentException(set.name() + ": cannot turn " + s.channels() + " channels into " + c);
        }
        return s;
    }

    public static ImageSet greyToRgb(ImageSet s) {
        int n = s.size();
        int hw = s.height() * s.width();
        float[] out = new float[n * hw * 3];
        float[] in = s.pixels();
        for (int i = 0; i < n * hw; i++) {
            float v = in[i];
            out[3 * i] = v;
            out[3 * i + 1] = v;
            out[3 * i + 2] = v;
        }
        return new ImageSet(s.name(), s.height(), s.width(), 3, out, s.labels());
    }

    public static ImageSet rgbToGrey(ImageSet s) {
        int n = s.size();
        int hw = s.height() * s.width();
        float[] out = new float[n * hw];
        float[] in = s.pixels();
        for (int i = 0; i < n * hw; i++) {
            out[i] = 0.299f * in[3 * i] + 0.587f * in[3 * i + 1] + 0.114f * in[3 * i + 2];
        }
        return new ImageSet(s.name(), s.height(), s.width(), 1, out, s.labels());
    }

    /** {@code 1 - x} per pixel. */
    public static ImageSet invert(ImageSet s) {
        float[] in = s.pixels();
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) out[i] = 1f - in[i];
        return new ImageSet(s.name(), s.height(), s.width(), s.channels(), out, s.labels());
    }

    /** Bilinear resize with half-pixel centres; a shrink by a large factor averages nothing (as TF does). */
    public static ImageSet resize(ImageSet s, int h, int w) {
        int n = s.size();
        int c = s.channels();
        int sh = s.height();
        int sw = s.width();
        float[] in = s.pixels();
        float[] out = new float[n * h * w * c];
        double sy = sh / (double) h;
        double sx = sw / (double) w;
        for (int y = 0; y < h; y++) {
            double fy = Math.max(0, (y + 0.5) * sy - 0.5);
            int y0 = Math.min((int) fy, sh - 1);
            int y1 = Math.min(y0 + 1, sh - 1);
            double wy = fy - y0;
            for (int x = 0; x < w; x++) {
                double fx = Math.max(0, (x + 0.5) * sx - 0.5);
                int x0 = Math.min((int) fx, sw - 1);
                int x1 = Math.min(x0 + 1, sw - 1);
                double wx = fx - x0;
                for (int i = 0; i < n; i++) {
                    int base = i * sh * sw * c;
                    int o = ((i * h + y) * w + x) * c;
                    for (int k = 0; k < c; k++) {
                        double top = in[base + (y0 * sw + x0) * c + k] * (1 - wx) + in[base + (y0 * sw + x1) * c + k] * wx;
                        double bot = in[base + (y1 * sw + x0) * c + k] * (1 - wx) + in[base + (y1 * sw + x1) * c + k] * wx;
                        out[o + k] = (float) (top * (1 - wy) + bot * wy);
                    }
                }
            }
        }
        return new ImageSet(s.name(), h, w, c, out, s.labels());
    }
}
