// Unwraps nsfwjs's bundled MobileNetV2 (UMD modules holding the TF.js layers model JSON and
// the base64 weight shard) into model.json + weights.bin for convert_nsfw.py.
//   node dump_tfjs.js <nsfwjs package dir> <out dir> [model folder, default mobilenet_v2]
const fs = require("fs");
const path = require("path");
const [pkg, out, name = "mobilenet_v2"] = process.argv.slice(2);
const dir = path.join(pkg, "dist/models", name);
const model = require(path.join(dir, "model.min.js"));
const shards = model.weightsManifest.flatMap((g) => g.paths)
  .map((p) => Buffer.from(require(path.join(dir, p + ".min.js")), "base64"));
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, "model.json"), JSON.stringify(model));
fs.writeFileSync(path.join(out, "weights.bin"), Buffer.concat(shards));
console.log("dump_tfjs: model.json + weights.bin in " + out);
