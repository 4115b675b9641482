#!/usr/bin/env node
// Reference 128-d face descriptors from face-api.js itself (@vladmandic/face-api 1.7.15,
// FaceRecognitionNet = dlib's ResNet-34 descriptor) on the pure-JS @tensorflow/tfjs CPU
// backend, for tests/test_faces_parity.cpp.
//
//   NODE_PATH=<dir>/node_modules node face_descriptor_reference.js MODEL_DIR CHIP.ppm...
//
// MODEL_DIR holds face_recognition_model-weights_manifest.json + .bin (face-api's model/).
// Each CHIP is a binary PPM (P6, 8-bit RGB) of exactly 150x150 px, fed as an int32 tensor
// [150,150,3] (face-api casts to float32; no resize at 150x150). Prints one JSON array of
// 128 numbers per chip, one per line, in argument order.
'use strict';
const fs = require('fs');
const path = require('path');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

function readPpm(file) {
  const buf = fs.readFileSync(file);
  let pos = 0;
  const tokens = [];
  while (tokens.length < 4) {
    while (pos < buf.length && /\s/.test(String.fromCharCode(buf[pos]))) pos++;
    if (buf[pos] === 0x23) { while (buf[pos] !== 0x0a) pos++; continue; }
    let start = pos;
    while (pos < buf.length && !/\s/.test(String.fromCharCode(buf[pos]))) pos++;
    tokens.push(buf.slice(start, pos).toString());
  }
  pos++;  // single whitespace after maxval
  if (tokens[0] !== 'P6' || tokens[3] !== '255') throw new Error(`${file}: not an 8-bit P6 PPM`);
  const w = Number(tokens[1]), h = Number(tokens[2]);
  return { w, h, data: Int32Array.from(buf.subarray(pos, pos + w * h * 3)) };
}

async function main() {
  const [modelDir, ...chips] = process.argv.slice(2);
  if (!modelDir || chips.length === 0) {
    console.error('usage: face_descriptor_reference.js MODEL_DIR CHIP.ppm...');
    process.exit(2);
  }
  await faceapi.tf.setBackend('cpu');
  await faceapi.tf.ready();
  await faceapi.nets.faceRecognitionNet.loadFromDisk(path.resolve(modelDir));
  for (const chip of chips) {
    const img = readPpm(chip);
    if (img.w !== 150 || img.h !== 150) throw new Error(`${chip}: expected 150x150, got ${img.w}x${img.h}`);
    const t = faceapi.tf.tensor3d(img.data, [img.h, img.w, 3], 'int32');
    const d = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(t);
    t.dispose();
    console.log(JSON.stringify(Array.from(d)));
  }
  console.error(`backend ${faceapi.tf.getBackend()}, tfjs ${faceapi.tf.version_core}`);
}

main().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
