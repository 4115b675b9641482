#!/usr/bin/python3
"""Converts nsfwjs 4.4.0's MobileNetV2 and InceptionV3 (TF.js layers models, Keras 2.2.4 topology, uint8-
quantised weights) to an ONNX graph OpenCV 4.6 DNN reads.

- weights dequantised as tfjs does: value = q * scale + min
- NHWC Keras layers written as NCHW ONNX: input 1x3xSxS (RGB, /255; S = 224 or 299)
- ZeroPadding2D folded into the next convolution's pads; 'same' convolutions (stride 1)
  padded symmetrically by k//2
- BatchNormalization folded into the preceding (depthwise) convolution:
  a = gamma / sqrt(var + eps); W' = W * a; b' = (b - mean) * a + beta
- ReLU(max_value=6) written as relu(x) - relu(x - 6)
- Activation relu -> Relu; Concatenate (channels) -> Concat axis 1; MaxPooling2D -> MaxPool;
- AveragePooling2D -> AveragePool ('same': symmetric pads, padding not counted, as TF); Flatten (1x1 spatial, order-free) -> Flatten;
  Dense -> Gemm (+ Relu / Softmax); Dropout dropped (inference)

usage: convert_nsfw.py model.json weights.bin out.onnx
"""
import json
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def load_weights(model, blob):
    out, off = {}, 0
    for group in model["weightsManifest"]:
        for w in group["weights"]:
            n = int(np.prod(w["shape"])) if w["shape"] else 1
            q = w.get("quantization")
            if q:
                dt = {"uint8": np.uint8, "uint16": np.uint16}[q["dtype"]]
                raw = np.frombuffer(blob, dtype=dt, count=n, offset=off)
                off += n * raw.itemsize
                val = raw.astype(np.float64) * q["scale"] + q["min"]
            else:
                raw = np.frombuffer(blob, dtype=np.float32, count=n, offset=off)
                off += n * 4
                val = raw.astype(np.float64)
            out[w["name"]] = val.reshape(w["shape"])
    if off != len(blob):
        sys.exit(f"convert_nsfw: weights use {off} of {len(blob)} bytes")
    return out


class Builder:
    def __init__(self):
        self.nodes, self.inits, self.n = [], [], 0

    def const(self, name, arr):
        self.inits.append(numpy_helper.from_array(np.asarray(arr, dtype=np.float32), name))
        return name

    def node(self, op, inputs, name, **attrs):
        self.nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name


def conv_weights(layer, W):
    c, name = layer["config"], layer["name"]
    if layer["class_name"] == "Conv2D":
        k = W[name + "/kernel"].transpose(3, 2, 0, 1)  # kh,kw,in,out -> out,in,kh,kw
        group = 1
    else:
        dk = W[name + "/depthwise_kernel"]  # kh,kw,in,mult
        kh, kw, cin, mult = dk.shape
        k = dk.transpose(2, 3, 0, 1).reshape(cin * mult, 1, kh, kw)
        group = cin
    b = W[name + "/bias"] if c.get("use_bias") else np.zeros(k.shape[0])
    return k, b, group


def fold_bn(k, b, bn, W):
    n, eps = bn["name"], bn["config"]["epsilon"]
    gamma = W.get(n + "/gamma", np.ones(k.shape[0]))
    beta = W.get(n + "/beta", np.zeros(k.shape[0]))
    a = gamma / np.sqrt(W[n + "/moving_variance"] + eps)
    return k * a[:, None, None, None], (b - W[n + "/moving_mean"]) * a + beta


def convert(model, W):
    layers = model["modelTopology"]["model_config"]["config"]["layers"]
    by_name = {l["name"]: l for l in layers}
    consumers = {}
    for l in layers:
        for inb in (l["inbound_nodes"][0] if l["inbound_nodes"] else []):
            consumers.setdefault(inb[0], []).append(l["name"])
    B = Builder()
    tensor = {}  # keras layer name -> onnx tensor name
    pending_pad = {}  # conv layer name -> [top, left, bottom, right]
    for l in layers:
        name, cls, cfg = l["name"], l["class_name"], l["config"]
        ins = [tensor[i[0]] for i in l["inbound_nodes"][0]] if l["inbound_nodes"] else []
        if cls == "InputLayer":
            tensor[name] = "input"
        elif cls == "ZeroPadding2D":
            (t, bo), (le, r) = cfg["padding"]
            (nxt,) = consumers[name]
            pending_pad[nxt] = [t, le, bo, r]
            tensor[name] = ins[0]
        elif cls in ("Conv2D", "DepthwiseConv2D"):
            k, b, group = conv_weights(l, W)
            nxt = consumers.get(name, [])
            out_name = name
            if len(nxt) == 1 and by_name[nxt[0]]["class_name"] == "BatchNormalization":
                k, b = fold_bn(k, b, by_name[nxt[0]], W)
                out_name = nxt[0]  # the BN layer's output is this conv's output
            kh, kw = cfg["kernel_size"]
            if name in pending_pad:
                pt, pl, pb, pr = pending_pad[name]
            elif cfg["padding"] == "same":
                assert cfg["strides"] == [1, 1], name
                pt, pl, pb, pr = kh // 2, kw // 2, kh // 2, kw // 2
            else:
                pt = pl = pb = pr = 0
            B.const(name + "_W", k)
            B.const(name + "_B", b)
            t = B.node("Conv", [ins[0], name + "_W", name + "_B"], out_name, kernel_shape=[kh, kw],
                       strides=cfg["strides"], pads=[pt, pl, pb, pr], group=group, dilations=[1, 1])
            tensor[name] = t
            tensor[out_name] = t
        elif cls == "BatchNormalization":
            assert name in tensor, f"{name}: batch norm not after a convolution"
        elif cls == "ReLU":
            x = ins[0]
            r = B.node("Relu", [x], name + "_r")
            if cfg.get("max_value") is not None:
                B.const(name + "_six", np.array([float(cfg["max_value"])]))
                s = B.node("Sub", [x, name + "_six"], name + "_xm6")
                r6 = B.node("Relu", [s], name + "_r6")
                r = B.node("Sub", [r, r6], name)
            tensor[name] = r
        elif cls == "Activation":
            assert cfg["activation"] == "relu", name
            tensor[name] = B.node("Relu", ins, name)
        elif cls == "Concatenate":
            assert cfg["axis"] in (-1, 3), name
            tensor[name] = B.node("Concat", ins, name, axis=1)
        elif cls == "MaxPooling2D":
            assert cfg["padding"] == "valid", name
            tensor[name] = B.node("MaxPool", ins, name, kernel_shape=cfg["pool_size"], strides=cfg["strides"])
        elif cls == "Add":
            tensor[name] = B.node("Add", ins, name)
        elif cls == "AveragePooling2D":
            kh, kw = cfg["pool_size"]
            if cfg["padding"] == "same":  # TF excludes the padding from the mean: count_include_pad=0
                assert cfg["strides"] == [1, 1], name
                pads = [kh // 2, kw // 2, kh // 2, kw // 2]
            else:
                pads = [0, 0, 0, 0]
            tensor[name] = B.node("AveragePool", ins, name, kernel_shape=[kh, kw], strides=cfg["strides"], pads=pads)
        elif cls == "Flatten":
            tensor[name] = B.node("Flatten", ins, name, axis=1)
        elif cls == "Dropout":
            tensor[name] = ins[0]
        elif cls == "Dense":
            B.const(name + "_W", W[name + "/kernel"].T)  # in,out -> out,in (transB)
            B.const(name + "_B", W[name + "/bias"])
            t = B.node("Gemm", [ins[0], name + "_W", name + "_B"], name + "_gemm", transB=1)
            act = cfg["activation"]
            if act == "relu":
                t = B.node("Relu", [t], name)
            elif act == "softmax":
                t = B.node("Softmax", [t], name, axis=1)
            else:
                assert act == "linear", act
            tensor[name] = t
        else:
            sys.exit(f"convert_nsfw: unsupported layer {cls} ({name})")
    out = tensor[model["modelTopology"]["model_config"]["config"]["output_layers"][0][0]]
    B.nodes.append(helper.make_node("Identity", [out], ["probs"], name="probs"))
    size = layers[0]["config"]["batch_input_shape"][1]
    g = helper.make_graph(B.nodes, "nsfwjs_" + model["modelTopology"]["model_config"]["config"]["name"],
                          [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, size, size])],
                          [helper.make_tensor_value_info("probs", TensorProto.FLOAT, [1, 5])], B.inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 11)], producer_name="reelscale convert_nsfw.py")
    onnx.checker.check_model(m)
    return m


def main():
    model = json.load(open(sys.argv[1]))
    W = load_weights(model, open(sys.argv[2], "rb").read())
    onnx.save(convert(model, W), sys.argv[3])
    print(f"convert_nsfw: {len(W)} weight tensors -> {sys.argv[3]}")


if __name__ == "__main__":
    main()
