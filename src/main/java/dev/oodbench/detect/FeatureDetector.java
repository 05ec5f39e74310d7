package dev.oodbench.detect;
import dev.oodbench.model.Outputs;
import java.util.function.IntToDoubleFunction;


/** Base of detectors that need a fit: remembers the fitted feature width and class count and checks them. */
abstract class FeatureDetector implements Detector {
    private int dim = -1;
    private int classes = -1;

    @Override
    public boolean needsFit() {
        return true;
    }

    @Override
    public final void fit(FitData data) {
        if (data.train().n() == 0) throw new IllegalArgumentException(name() + ": cannot fit on zero training outputs");
        doFit(data);
        dim = data.dim();
        classes = data.classes();
    }

    abstract void doFit(FitData data);

    /** Throws unless fitted on outputs of this width; returns normally otherwise. */
    void requireFitted(int outputDim, int outputClasses) {
        if (dim < 0) throw new DetectorNotFittedException(name());
        if (outputDim != dim || outputClasses != classes) {
            throw new IllegalArgumentException("detector " + name() + " was fitted on " + dim + "-d features and "
                    + classes + " classes but is asked to score " + outputDim + "-d features and " + outputClasses
                    + " classes; fit it on the same model");
        }
    }

    /** The reference score of each row of {@code o}, after checking the fit matches its widths. */
    double[] referenceRows(Outputs o, IntToDoubleFunction row) {
        requireFitted(o.dim(), o.classes());
        double[] s = new double[o.n()];
        for (int n = 0; n < s.length; n++) s[n] = row.applyAsDouble(n);
        return s;
    }

    @Override
    public String toString() {
        return name() + params();
    }
}
