// Unwraps nsfwjs's bundled MobileNetV2 (UMD modules holding the TF.js layers model JSON and
// the base64 weight shard) into model.json + weights.bin for convert_nsfw.py.
//   node dump_tfjs.js <nsfwjs package dir> <out dir>
const fs = require("fs");
const path = require("path");
const [pkg, out] = process.argv.slice(2);
const dir = path.join(pkg, "dist/models/mobilenet_v2");
const model = require(path.join(dir, "model.min.js"));
const shard = require(path.join(dir, "group1-shard1of1.min.js"));
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, "model.json"), JSON.stringify(model));
fs.writeFileSync(path.join(out, "weights.bin"), Buffer.from(shard, "base64"));
console.log("dump_tfjs: model.json + weights.bin in " + out);
