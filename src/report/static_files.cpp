#include "report/static_files.hpp"

namespace reelscale::report {

const char* const kReportCss = R"CSS(
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:18px;color:#1d232b;background:#fafbfc}
h1{font-size:20px;margin:0 0 10px}h2{font-size:16px;margin:22px 0 8px}
a{color:#0b5cad}code,.mono{font-family:"DejaVu Sans Mono",monospace;font-size:12px}
table{border-collapse:collapse;background:#fff}th,td{border:1px solid #d7dce1;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#eef1f4;cursor:pointer;user-select:none;white-space:nowrap}td.num{text-align:right}
.summary{display:flex;flex-wrap:wrap;gap:10px;margin-bottom:14px}
.card{background:#fff;border:1px solid #d7dce1;border-radius:6px;padding:8px 12px;min-width:110px}
.card b{display:block;font-size:18px}
.status-error{color:#b3261e;font-weight:600}.status-damaged{color:#a05a00;font-weight:600}.status-ok{color:#21733a}
tr.error td{background:#fdecea}tr.damaged td{background:#fff4e0}
.controls{margin:8px 0;display:flex;gap:8px;align-items:center}.controls input{width:320px;padding:3px}
td.err{max-width:420px;overflow-wrap:anywhere;font-size:12px}td.path{max-width:480px;overflow-wrap:anywhere}
svg{background:#fff;border:1px solid #d7dce1;display:block}
svg text{font:10px "DejaVu Sans",sans-serif;fill:#444}
rect.shot{fill:#4e79a7}rect.shot.odd{fill:#7ea6d3}rect.scene{fill:#59a14f}rect.scene.odd{fill:#8cd17d}
rect.gradual{fill:#f28e2b}rect.cue{fill:#333}rect.silence{fill:#bab0ac}rect.break{fill:#e15759}
line.insertion{stroke:#b07aa1;stroke-width:2}line.tick{stroke:#e3e6ea}line.grid{stroke:#e3e6ea}
polyline{fill:none;stroke-width:1}#momentary{stroke:#9ecae9}#short-term{stroke:#1f5fa0;stroke-width:1.6}
#integrated{stroke:#d62728;stroke-dasharray:6 3}#lra{fill:#ffdd7133}
.strip{display:flex;flex-wrap:wrap;gap:8px}.strip figure{margin:0;background:#fff;border:1px solid #d7dce1;padding:4px}
.strip img{height:96px;display:block}.strip figcaption{font-size:11px}
img.blurred{filter:blur(18px);clip-path:inset(0)}
.legend span{display:inline-block;margin-right:12px;font-size:12px}
)CSS";

const char* const kIndexJs = R"JS(
(function () {
  "use strict";
  // Row layout of window.REELSCALE_ASSETS (assets.js):
  // [id, path, status, error, duration_s, codec, lufs, scenes, breaks, faces, frames]
  var A = window.REELSCALE_ASSETS || [];
  var RANK = { error: 0, damaged: 1, ok: 2 };
  var PER = 100, page = 0, key = -1, dir = 1, view = A;
  var q = document.getElementById("filter"), st = document.getElementById("status");
  var body = document.getElementById("rows"), info = document.getElementById("pageinfo");
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function dur(s) {
    if (!(s > 0)) return "";
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, x = (s % 60).toFixed(1);
    return (h ? h + ":" : "") + (m < 10 && h ? "0" : "") + m + ":" + (x < 10 ? "0" : "") + x;
  }
  function num(v, d) { return v === null || v === undefined || v === "" ? "" : Number(v).toFixed(d); }
  function cmp(a, b) {
    if (key < 0) {
      var r = RANK[a[2]] - RANK[b[2]];
      return r ? r : (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
    }
    var x = a[key], y = b[key];
    if (x === null || x === "") x = -Infinity;
    if (y === null || y === "") y = -Infinity;
    return (x < y ? -1 : x > y ? 1 : 0) * dir;
  }
  function apply() {
    var t = q.value.toLowerCase(), s = st.value;
    view = A.filter(function (r) {
      return (!s || r[2] === s) && (!t || r[1].toLowerCase().indexOf(t) >= 0 ||
             r[3].toLowerCase().indexOf(t) >= 0 || r[0].indexOf(t) >= 0 || r[5].toLowerCase().indexOf(t) >= 0);
    });
    if (key >= 0) view.sort(cmp);  // assets.js is already in the default order (errors first, then path)
    page = 0;
    render();
  }
  function render() {
    var pages = Math.max(1, Math.ceil(view.length / PER));
    if (page >= pages) page = pages - 1;
    var out = [], rows = view.slice(page * PER, page * PER + PER);
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      out.push('<tr class="asset-row ' + r[2] + '"><td class="path"><a href="asset/' + r[0] + '.html">' + esc(r[1]) +
        '</a></td><td class="status-' + r[2] + '">' + r[2] + '</td><td class="err">' + esc(r[3]) +
        '</td><td class="num">' + dur(r[4]) + '</td><td>' + esc(r[5]) + '</td><td class="num">' + num(r[6], 1) +
        '</td><td class="num">' + r[7] + '</td><td class="num">' + r[8] + '</td><td class="num">' +
        (r[9] === null ? "" : r[9]) + '</td><td class="num">' + r[10] + "</td></tr>");
    }
    body.innerHTML = out.join("");
    info.textContent = view.length + " of " + A.length + " assets, page " + (page + 1) + " / " + pages;
  }
  document.querySelectorAll("th[data-k]").forEach(function (th) {
    th.addEventListener("click", function () {
      var k = Number(th.getAttribute("data-k"));
      dir = key === k ? -dir : 1;
      key = k;
      view.sort(cmp);
      render();
    });
  });
  document.getElementById("prev").onclick = function () { if (page > 0) { page--; render(); } };
  document.getElementById("next").onclick = function () { page++; render(); };
  q.oninput = apply;
  st.onchange = apply;
  apply();
  // Time from navigation start to the first rendered page (bench/report_bench.sh reads it).
  document.body.setAttribute("data-render-ms", performance.now().toFixed(0));
})();
)JS";

}  // namespace reelscale::report
