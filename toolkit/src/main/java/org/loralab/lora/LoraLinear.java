package org.loralab.lora;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.loralab.nn.Linear;
import org.loralab.nn.LinearLayer;
import org.loralab.nn.Parameter;
import org.loralab.linalg.Elementwise;
import org.loralab.linalg.Gemm;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A frozen linear layer with named LoRA adapters, one of them active:
 * y = x W^T + b + scaling * (dropout(x) A^T) B^T. Only A and B of the active adapter train;
 * the base weight changes only through {@link #merge()} (and PiSSA initialisation).
 */
public final class LoraLinear implements LinearLayer {
    private final Linear base;
    private final Map<String, LoraAdapter> adapters = new LinkedHashMap<>();
    private String active;
    private boolean merged;
    // forward cache for backward
    private INDArray adapterInput; // (n, in): x after dropout
    private INDArray hidden;       // (n, r): adapterInput A^T
    private INDArray mask;         // (n, in) dropout mask or null

    /** Wraps {@code base} and freezes it. */
    public LoraLinear(Linear base) {
        this.base = base;
        base.setTrainable(false);
    }

    /**
     * Adds an adapter and makes it active. For PiSSA the base weight becomes the residual.
     *
     * @throws IllegalArgumentException when the name is taken or the rank exceeds min(out, in)
     */
    public LoraAdapter addAdapter(String name, LoraConfig config, long seed) {
        if (adapters.containsKey(name)) {
            throw new IllegalArgumentException("adapter '" + name + "' already exists");
        }
        requireUnmerged("add an adapter");
        LoraAdapter adapter = LoraAdapter.initialize(config, base.weight().value(), seed);
        if (adapter.baseShift() != null) {
            base.weight().value().subi(adapter.baseShift());
        }
        adapters.put(name, adapter);
        active = name;
        return adapter;
    }

    /** Makes {@code name} the active adapter. */
    public void setActive(String name) {
        adapter(name);
        requireUnmerged("switch adapters");
        active = name;
    }

    /** Removes an adapter (undoing PiSSA's change of the base); no adapter is active if it was. */
    public void removeAdapter(String name) {
        LoraAdapter removed = adapter(name);
        requireUnmerged("remove an adapter");
        if (removed.baseShift() != null) {
            base.weight().value().addi(removed.baseShift());
        }
        adapters.remove(name);
        if (name.equals(active)) {
            active = null;
        }
    }

    public LoraAdapter adapter(String name) {
        LoraAdapter a = adapters.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no adapter named '" + name + "'; adapters are " + adapters.keySet());
        }
        return a;
    }

    public Set<String> adapterNames() {
        return Collections.unmodifiableSet(adapters.keySet());
    }

    /** The active adapter's name, or null. */
    public String activeAdapter() {
        return active;
    }

    public boolean isMerged() {
        return merged;
    }

    /** W += scaling B A of the active adapter, computed in double and rounded once to W's type. */
    public void merge() {
        if (merged) {
            throw new IllegalStateException("already merged");
        }
        if (active == null) {
            throw new IllegalStateException("no active adapter to merge");
        }
        addToBase(adapters.get(active).deltaWeight(), 1.0);
        merged = true;
    }

    /** Undoes {@link #merge()}: W -= scaling B A, restoring W up to one rounding of its type. */
    public void unmerge() {
        if (!merged) {
            throw new IllegalStateException("not merged");
        }
        addToBase(adapters.get(active).deltaWeight(), -1.0);
        merged = false;
    }

    private void addToBase(INDArray delta, double sign) {
        INDArray w = base.weight().value();
        w.assign(widened(w).addi(delta.muli(sign)).castTo(w.dataType()));
    }

    /** A new double copy of {@code w} (castTo returns the array itself when it is already double). */
    private static INDArray widened(INDArray w) {
        return w.dataType() == DataType.DOUBLE ? w.dup() : w.castTo(DataType.DOUBLE);
    }

    private void requireUnmerged(String action) {
        if (merged) {
            throw new IllegalStateException("unmerge before you " + action);
        }
    }

    private boolean adapterInPath() {
        return active != null && !merged;
    }

    @Override
    public int inFeatures() {
        return base.inFeatures();
    }

    @Override
    public int outFeatures() {
        return base.outFeatures();
    }

    @Override
    public INDArray forward(INDArray x, boolean training) {
        INDArray y = base.forward(x, training); // (n, out)
        if (!adapterInPath()) {
            return y;
        }
        LoraAdapter ad = adapters.get(active);
        mask = training ? ad.dropoutMask(x.rows(), x.columns(), x.dataType()) : null;
        adapterInput = mask == null ? x : x.mul(mask);
        hidden = Gemm.product(adapterInput, false, ad.a().value(), true);          // (n, r)
        Gemm.into(hidden, false, ad.b().value(), true, ad.scaling(), 1.0, y);    // y += s h B^T
        return y;
    }

    @Override
    public INDArray backward(INDArray gradOutput, boolean needInputGrad) {
        INDArray dx = base.backward(gradOutput, needInputGrad);
        if (!adapterInPath()) {
            return dx;
        }
        LoraAdapter ad = adapters.get(active);
        double s = ad.scaling();
        Gemm.into(gradOutput, true, hidden, false, s, 0.0, ad.b().grad());          // dB = s dy^T h    (out, r)
        INDArray dh = Gemm.into(gradOutput, false, ad.b().value(), false, s, 0.0,     // dh = s dy B      (n, r)
                Nd4j.createUninitialized(gradOutput.dataType(), gradOutput.rows(), ad.b().value().columns()));
        Gemm.into(dh, true, adapterInput, false, 1.0, 0.0, ad.a().grad());           // dA = dh^T x_drop (r, in)
        if (needInputGrad) {
            INDArray dxAdapter = Gemm.product(dh, false, ad.a().value(), false);       // (n, in)
            Elementwise.addInPlace(dx, mask == null ? dxAdapter : dxAdapter.muli(mask));
        }
        return dx;
    }

    @Override
    public List<Parameter> trainableParameters() {
        List<Parameter> params = new ArrayList<>(base.trainableParameters());
        if (adapterInPath()) {
            LoraAdapter ad = adapters.get(active);
            params.add(ad.a());
            params.add(ad.b());
        }
        return params;
    }

    @Override
    public Linear base() {
        return base;
    }

    @Override
    public INDArray effectiveWeight() {
        INDArray w = base.weight().value();
        if (!adapterInPath()) {
            return w.dup();
        }
        return widened(w).addi(adapters.get(active).deltaWeight()).castTo(w.dataType());
    }

    @Override
    public LoraLinear copy() {
        LoraLinear copy = new LoraLinear(base.copy());
        adapters.forEach((name, ad) -> copy.adapters.put(name, ad.copy()));
        copy.active = active;
        copy.merged = merged;
        return copy;
    }
}
