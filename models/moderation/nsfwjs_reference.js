// Reference output of nsfwjs itself (pure-JS @tensorflow/tfjs, CPU backend) for the
// moderation test: reads N RGB 224x224 uint8 pictures (raw, N*224*224*3 bytes, row-major
// HWC) and prints a JSON array of N 5-vectors, class order of nsfwjs's NSFW_CLASSES
// (Drawing, Hentai, Neutral, Porn, Sexy).
//   NODE_PATH=<folder with node_modules> node nsfwjs_reference.js pictures.rgb
const fs = require("fs");
const tf = require("@tensorflow/tfjs");
const nsfwjs = require("nsfwjs");

async function main() {
  await tf.setBackend("cpu");
  const raw = fs.readFileSync(process.argv[2]);
  const per = 224 * 224 * 3;
  if (raw.length % per) throw new Error("input is not a multiple of 224*224*3 bytes");
  const model = await nsfwjs.load("MobileNetV2");
  const out = [];
  for (let i = 0; i < raw.length / per; i++) {
    const img = tf.tensor3d(new Int32Array(raw.subarray(i * per, (i + 1) * per)), [224, 224, 3], "int32");
    const probs = model.infer(img);
    out.push(Array.from(await probs.data()));
    tf.dispose([img, probs]);
  }
  console.log(JSON.stringify(out));
}
main().catch((e) => { console.error(e); process.exit(1); });
