#!/usr/bin/python3
"""Converts face-api.js's FaceRecognitionNet weights (TF.js manifest + uint8-quantised .bin)
into an ONNX graph that OpenCV 4.6 DNN runs.

The network is dlib's ResNet-34-style 128-d face descriptor (dlib_face_recognition_resnet_
model_v1, public domain) as re-implemented by face-api.js (src/faceRecognitionNet/*.ts of
@vladmandic/face-api 1.7.15). Graph, copied layer by layer from that source:

  x (NCHW, RGB 0..255, 150x150) -> (x - [122.782, 117.001, 104.298]) / 255
  convDown 7x7/2 valid (+bias, scale layer, ReLU) -> maxPool 3/2 valid
  residual x3 (32) | residualDown + residual x3 (64) | residualDown + residual x2 (128)
  residualDown + residual x2 (256) | residualDown (256) -> mean over H,W -> fc 256x128

conv -> +bias -> scale (x*w + b) is folded into one Conv (W*w, bias*w + b).
residualDown: conv1 3x3/2 valid, conv2 3x3/1 same; shortcut = avgPool 2/2 valid, channels
zero-padded (a fixed 1x1 conv with an identity block); when the conv branch is one row/col
smaller than the shortcut (TF.js concatenates zeros at the bottom/right) a Pad does the same.

Dequantisation as TF.js io: value = q * scale + min (uint8).
Usage: convert_descriptor.py MANIFEST.json OUT.onnx
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def load_weights(manifest_path):
    """Returns {name: float32 array in the manifest's shape}."""
    manifest = json.load(open(manifest_path))
    folder = os.path.dirname(manifest_path)
    out = {}
    for group in manifest:
        blob = b"".join(open(os.path.join(folder, p), "rb").read() for p in group["paths"])
        off = 0
        for w in group["weights"]:
            n = int(np.prod(w["shape"])) if w["shape"] else 1
            q = w.get("quantization")
            if q:
                assert q["dtype"] == "uint8", q
                raw = np.frombuffer(blob, np.uint8, n, off).astype(np.float64)
                # double arithmetic rounded to float32, as tfjs-core io.decodeWeights does
                vals = (raw * q["scale"] + q["min"]).astype(np.float32)
                off += n
            else:
                assert w["dtype"] == "float32", w
                vals = np.frombuffer(blob, np.float32, n, off).copy()
                off += 4 * n
            out[w["name"]] = vals.reshape(w["shape"])
        assert off == len(blob), (off, len(blob))
    return out


class Graph:
    def __init__(self, weights):
        self.w = weights
        self.nodes, self.inits = [], []
        self.count = 0

    def name(self, base):
        self.count += 1
        return f"{base}_{self.count}"

    def const(self, base, arr):
        n = self.name(base)
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), n))
        return n

    def op(self, op_type, inputs, **attrs):
        out = self.name(op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [out], name=out, **attrs))
        return out

    def conv_layer(self, x, prefix, stride, relu, same):
        """face-api convLayer: conv2d + bias, then scale layer (x*w+b), optional ReLU."""
        f = self.w[prefix + "/conv/filters"]  # HWIO
        bias = self.w[prefix + "/conv/bias"]
        sw = self.w[prefix + "/scale/weights"]
        sb = self.w[prefix + "/scale/biases"]
        k = f.shape[0]
        wt = np.transpose(f, (3, 2, 0, 1)).astype(np.float32) * sw[:, None, None, None]
        bt = (bias * sw + sb).astype(np.float32)
        pad = [k // 2] * 4 if same else [0, 0, 0, 0]
        y = self.op("Conv", [x, self.const("W", wt), self.const("B", bt)],
                    kernel_shape=[k, k], strides=[stride, stride], pads=pad)
        return self.op("Relu", [y]) if relu else y

    def residual(self, x, prefix):
        y = self.conv_layer(x, prefix + "/conv1", 1, True, True)
        y = self.conv_layer(y, prefix + "/conv2", 1, False, True)
        return self.op("Relu", [self.op("Add", [y, x])])

    def residual_down(self, x, prefix, size_in, c_in):
        """Returns (tensor, spatial size out, channels out)."""
        y = self.conv_layer(x, prefix + "/conv1", 2, True, False)
        y = self.conv_layer(y, prefix + "/conv2", 1, False, True)
        c_out = self.w[prefix + "/conv2/conv/filters"].shape[3]
        conv_size = (size_in - 3) // 2 + 1
        pool_size = size_in // 2
        pooled = self.op("AveragePool", [x], kernel_shape=[2, 2], strides=[2, 2])
        if c_out != c_in:
            eye = np.zeros((c_out, c_in, 1, 1), np.float32)
            eye[np.arange(c_in), np.arange(c_in), 0, 0] = 1.0
            pooled = self.op("Conv", [pooled, self.const("Wpad", eye)], kernel_shape=[1, 1])
        if conv_size != pool_size:
            d = pool_size - conv_size
            assert d == 1, (prefix, conv_size, pool_size)
            pads = self.const("pads", np.array([0, 0, 0, 0, 0, 0, d, d], np.int64))
            y = self.op("Pad", [y, pads], mode="constant")
        return self.op("Relu", [self.op("Add", [pooled, y])]), pool_size, c_out


def build(weights):
    g = Graph(weights)
    mean = np.array([122.782, 117.001, 104.298], np.float32).reshape(1, 3, 1, 1)
    x = g.op("Sub", ["input", g.const("mean", mean)])
    x = g.op("Mul", [x, g.const("inv255", np.array([1.0 / 255.0], np.float32).reshape(1, 1, 1, 1))])
    x = g.conv_layer(x, "conv32_down", 2, True, False)  # 150 -> 72
    x = g.op("MaxPool", [x], kernel_shape=[3, 3], strides=[2, 2])  # 72 -> 35
    size, c = 35, 32
    for p in ["conv32_1", "conv32_2", "conv32_3"]:
        x = g.residual(x, p)
    stages = [("conv64_down", ["conv64_1", "conv64_2", "conv64_3"]),
              ("conv128_down", ["conv128_1", "conv128_2"]),
              ("conv256_down", ["conv256_1", "conv256_2"]),
              ("conv256_down_out", [])]
    for down, blocks in stages:
        x, size, c = g.residual_down(x, down, size, c)
        for p in blocks:
            x = g.residual(x, p)
    x = g.op("GlobalAveragePool", [x])
    x = g.op("Flatten", [x], axis=1)
    fc = weights["fc"]  # [256, 128], y = x @ fc
    x = g.op("Gemm", [x, g.const("fcW", fc.T.copy()), g.const("fcB", np.zeros(128, np.float32))], transB=1)
    g.nodes[-1].output[0] = "descriptor"
    graph = helper.make_graph(
        g.nodes, "face_descriptor_128",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 150, 150])],
        [helper.make_tensor_value_info("descriptor", TensorProto.FLOAT, [1, 128])], g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 11)],
                              producer_name="reelscale models/faces/convert_descriptor.py")
    model.ir_version = 7
    onnx.checker.check_model(model)
    return model


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    model = build(load_weights(sys.argv[1]))
    tmp = sys.argv[2] + ".tmp"
    onnx.save(model, tmp)
    os.replace(tmp, sys.argv[2])
    print(f"wrote {sys.argv[2]}")


if __name__ == "__main__":
    main()
