#include "report/search_page.hpp"

namespace reelscale::report {

// search-page.js. Reads window.REELSCALE_SEARCH (search.js) and window.REELSCALE_ASSETS
// (assets.js); query from ?q=...&kind=... (the form submits to the same page).
const char* const kSearchJs = R"JS((function () {
  'use strict';
  var S = window.REELSCALE_SEARCH || { rows: [], truncated: false };
  var A = window.REELSCALE_ASSETS || [];
  var TOKEN = /[\p{L}\p{N}\p{Co}\p{M}]+/gu;
  var MAX_SHOWN = 500;
  function digit(base) {
    return function (c) { return String.fromCharCode(c.charCodeAt(0) - base + 48); };
  }
  // unicode61 (remove_diacritics 2) then fulltext::normalise_token, as in the index.
  function fold(t) {
    t = t.toLowerCase();
    t = t.replace(/[\u00c0-\u024f\u1e00-\u1eff]/g, function (c) { return c.normalize('NFD'); });
    t = t.replace(/[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g, '');
    t = t.replace(/[\u0622\u0623\u0625\u0671]/g, '\u0627').replace(/\u0649/g, '\u064a').replace(/\u0629/g, '\u0647');
    return t.replace(/[\u0660-\u0669]/g, digit(0x0660)).replace(/[\u06f0-\u06f9]/g, digit(0x06f0));
  }
  function tokens(s) {
    var m = String(s).match(TOKEN) || [], out = [];
    for (var i = 0; i < m.length; i++) { var t = fold(m[i]); if (t) out.push(t); }
    return out;
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function tc(s) {
    var ms = Math.round(s * 1000), h = Math.floor(ms / 3600000), m = Math.floor(ms / 60000) % 60;
    var sec = Math.floor(ms / 1000) % 60, f = ms % 1000;
    return h + ':' + String(m).padStart(2, '0') + ':' + String(sec).padStart(2, '0') + '.' + String(f).padStart(3, '0');
  }
  function mark(text, want) {
    var out = '', last = 0, m;
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(text)) !== null) {
      out += esc(text.slice(last, m.index));
      out += want[fold(m[0])] ? '<mark>' + esc(m[0]) + '</mark>' : esc(m[0]);
      last = m.index + m[0].length;
    }
    return out + esc(text.slice(last));
  }
  var docs = null, avgdl = 0;
  function index() {
    if (docs) return;
    docs = S.rows.map(function (r) { return tokens(r[5]); });
    var total = 0;
    docs.forEach(function (d) { total += d.length; });
    avgdl = docs.length ? total / docs.length : 0;
  }
  // BM25 as FTS5's bm25(): idf = ln((N - n + 0.5) / (n + 0.5)), at least 1e-6.
  function search(q, kind) {
    index();
    var qt = tokens(q).filter(function (t, i, a) { return a.indexOf(t) === i; });
    if (!qt.length) return { words: qt, hits: [] };
    var counts = docs.map(function (d) {
      var c = {};
      for (var i = 0; i < d.length; i++) if (qt.indexOf(d[i]) >= 0) c[d[i]] = (c[d[i]] || 0) + 1;
      return c;
    });
    var n = {}, N = docs.length;
    counts.forEach(function (c) { for (var t in c) n[t] = (n[t] || 0) + 1; });
    var hits = [];
    for (var i = 0; i < N; i++) {
      var c = counts[i], all = qt.every(function (t) { return c[t]; });
      if (!all || (kind && S.rows[i][2] !== kind)) continue;
      var score = 0, D = docs[i].length;
      qt.forEach(function (t) {
        var idf = Math.max(Math.log((N - n[t] + 0.5) / (n[t] + 0.5)), 1e-6);
        score += idf * (c[t] * 2.2) / (c[t] + 1.2 * (0.25 + 0.75 * D / avgdl));
      });
      hits.push({ i: i, score: score });
    }
    hits.sort(function (a, b) {
      var ra = S.rows[a.i], rb = S.rows[b.i];
      return b.score - a.score || (ra[0] < rb[0] ? -1 : ra[0] > rb[0] ? 1 : ra[3] - rb[3]);
    });
    return { words: qt, hits: hits };
  }
  function assetHits(words) {
    if (!words.length) return [];
    return A.filter(function (a) {
      var t = tokens(a[1]);
      return words.every(function (w) { return t.indexOf(w) >= 0; });
    });
  }
  function render(q, kind) {
    var r = search(q, kind), want = {};
    r.words.forEach(function (w) { want[w] = true; });
    var body = '';
    r.hits.slice(0, MAX_SHOWN).forEach(function (h) {
      var row = S.rows[h.i];
      body += '<tr class="hit" data-asset="' + esc(row[0]) + '" data-kind="' + esc(row[2]) + '" data-start="' +
        row[3] + '"><td><a href="asset/' + encodeURIComponent(row[0]) + '.html">' + esc(row[1]) + '</a></td><td>' +
        esc(row[2]) + '</td><td class="mono">' + tc(row[3]) + '</td><td class="mono">' + tc(row[4]) + '</td><td>' +
        mark(row[5], want) + '</td></tr>';
    });
    document.getElementById('hit-rows').innerHTML = body;
    var ah = kind ? [] : assetHits(r.words), list = '';
    ah.forEach(function (a) {
      list += '<li class="asset-hit" data-asset="' + esc(a[0]) + '"><a href="asset/' + encodeURIComponent(a[0]) +
        '.html">' + mark(a[1], want) + '</a> (' + esc(a[2]) + ')</li>';
    });
    document.getElementById('asset-hits').innerHTML = ah.length ? '<h2>Assets by name</h2><ul>' + list + '</ul>' : '';
    var st = r.words.length ? r.hits.length + ' hit(s) for \u201c' + q + '\u201d' +
      (r.hits.length > MAX_SHOWN ? ', the first ' + MAX_SHOWN + ' shown' : '') + '; ' + ah.length +
      ' asset(s) by name' : S.rows.length + ' indexed rows; type words to search';
    if (S.truncated) st += ' (this page holds part of the index only: use `reelscale search` for the rest)';
    document.getElementById('status').textContent = st;
  }
  var params = new URLSearchParams(window.location.search);
  var q = params.get('q') || '', kind = params.get('kind') || '';
  document.getElementById('q').value = q;
  document.getElementById('kind').value = kind;
  render(q, kind);
})();
)JS";

}  // namespace reelscale::report
