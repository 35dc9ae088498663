// Vastuu's browser storage (emcc --pre-js, before web/pre.js): the database file /data/vastuu.sqlite
// kept in IndexedDB as fixed-size pages, so that a save writes only the pages that changed since the
// last one, all in one IndexedDB transaction together with a meta record (size, generation): storage
// always holds one complete committed state, the old one or the new one.
//
// [SECTION] The store's layout
// [SECTION] Which pages changed: every write to the file in memory, seen at Emscripten's FS layer
// [SECTION] Opening IndexedDB
// [SECTION] Where each stored page lives (the writer's bookkeeping)
// [SECTION] Reading: the whole store into /data at start-up, or only a follower's changed pages
// [SECTION] The whole-file store of earlier builds (IDBFS): read once, then migrated and deleted
// [SECTION] Saving: whole segments and one batch of pages, with the meta record, in one transaction
/* global Module, FS */

Module.vastuuPageStore = (function () {
  // [SECTION] The store's layout
  // IndexedDB database 'vastuu' (version 2):
  //   'segments': key = segment number, value = ArrayBuffer of up to SEGMENT_PAGES pages (1 MiB):
  //            segment s holds bytes [s × SEGMENT_BYTES, (s + 1) × SEGMENT_BYTES) of the file as
  //            they were when it was last written (it may be shorter than that, or longer than the file).
  //   'batches': key = the generation of the save that wrote it, value = { pages: Uint32Array of page
  //            numbers (ascending), data: ArrayBuffer of those pages, PAGE_SIZE bytes each, in that
  //            order }: the pages a save changed outside the segments it wrote whole. One record per
  //            save, however many pages: a 10,000-cell edit's 500 scattered pages are one put, not 500.
  //   'pages': the version-1 layout's loose pages (key = page number, value = ArrayBuffer of
  //            PAGE_SIZE bytes), each written after its segment and before any batch. Version 2 reads
  //            them and deletes them (compaction, or a rewrite of their segment), never writes them.
  //   'meta':  key 'database', value = { format: 2, pageSize, segmentPages, size (bytes), pageCount,
  //            generation, savedAt (ms since 1970), segmentGenerations: [the generation that wrote
  //            segment s, 0 if unknown (version 1), -1 if there is none], batches: [the generations
  //            of the batch records that are part of this state] }. generation grows by one with
  //            every save. Version 1's meta (format 1) has neither list: every segment is then of
  //            generation 0 and there are no batches.
  // The file is: every segment, the 'pages' on top, then each listed batch in generation order,
  // a batch's page counting only where the batch is newer than the page's segment; cut at size.
  // Every page below pageCount is in one of them. A save writes its records and the meta record in
  // one transaction, so a reader sees the old state or the new one, never a mix. Why two levels: a
  // save writes only what changed (a toggle costs tens of KB, not the file), as a few big records
  // (segments where most pages changed or that are new, one batch for the rest), while start-up
  // reads about twenty 1 MiB segments and a few batches (thousands of small records take Chromium a
  // second or more to read); when batches pile up, an idle save folds them back (compaction).
  // PAGE_SIZE is the store's, not SQLite's: 4096 is SQLite's default page size, so a page SQLite
  // writes is one page here (other page sizes work, with some bytes extra).
  var DB_NAME = 'vastuu', DB_VERSION = 2, FORMAT = 2;
  var PAGES = 'pages', SEGMENTS = 'segments', BATCHES = 'batches', META = 'meta', META_KEY = 'database';
  var STORES = [META, SEGMENTS, PAGES, BATCHES];
  var PAGE_SIZE = 4096, SEGMENT_PAGES = 256, SEGMENT_BYTES = PAGE_SIZE * SEGMENT_PAGES;
  // A save writes a segment whole when at least this share of the pages it holds changed (new
  // segments at the end of a growing file always qualify): one 1 MiB put then costs less than
  // keeping those pages apart, and they need no compaction later.
  var WHOLE_SEGMENT_SHARE = 0.5;
  // Compaction: due when more than compactAfter pages live outside their segments, more than
  // compactRecords batch records are stored, or version-1 'pages' records are left. A compacting
  // save rewrites the segments with the most such pages (at most compactSegments, until no more
  // than compactKeep remain) and puts the rest into its own batch, so that every older batch and
  // 'pages' record goes. (A batch whose pages were all written again later goes by itself.)
  // (store.limits holds them, so that a test can make compaction due sooner.)
  var limits = { compactAfter: 512, compactRecords: 32, compactSegments: 8, compactKeep: 256 };
  var FILE = '/data/vastuu.sqlite';
  // What Emscripten's IDBFS (mounted at /data by earlier builds) wrote: database '/data', store
  // 'FILE_DATA', one record per path: { timestamp, mode, contents: Uint8Array }.
  var LEGACY_DB = '/data', LEGACY_STORE = 'FILE_DATA';

  var store = {
    pageSize: PAGE_SIZE,
    limits: limits,
    generation: 0,      // the stored generation this tab's file in memory corresponds to
    legacy: false,      // the whole-file store of an earlier build exists and is still to be deleted
    stats: {            // window.vastuu.stats().store (docs/automation.md)
      pageSize: PAGE_SIZE, pages: 0, generation: 0, saves: 0, fullSaves: 0, lastSaveBytes: 0,
      lastSavePages: 0, lastSaveMs: 0, lastSaveFull: false, lastSaveSegments: 0, lastSaveRecords: 0,
      bytesWritten: 0, loadMs: 0, loadBytes: 0, loadWaitMs: 0, loadRecords: 0,
      refreshes: 0, lastRefreshPages: 0, migrated: false, loosePages: 0, batches: 0, compactions: 0,
    },
  };
  var db = null;

  // [SECTION] Which pages changed
  // Every write to /data/vastuu.sqlite goes through FS.write (SQLite's pwrite, and the app's own
  // stdio copies when a database file is opened or restored), and every truncation through
  // FS.truncate. Watching them here, rather than in a SQLite VFS, also sees the writes that do not
  // come from SQLite. `dirty` holds the numbers of the pages written since the last successful save;
  // `node` is the file those pages belong to: when the file was deleted and created again (File ›
  // Open, Reset) the next save writes all of it.
  var dirty = new Set();
  var savedNode = null;
  var paused = 0;       // > 0 while this file writes the file itself (loading from storage)
  var mustWriteAll = true;
  function fileNode() {
    try { return FS.lookupPath(FILE, { follow: true }).node; } catch (e) { return null; }
  }
  function markRange(position, length) {
    if (length <= 0) return;
    var first = Math.floor(position / PAGE_SIZE), last = Math.floor((position + length - 1) / PAGE_SIZE);
    for (var p = first; p <= last; p++) dirty.add(p);
  }
  store.installTracking = function () {
    var write = FS.write, truncate = FS.truncate;
    FS.write = function (stream, buffer, offset, length, position) {
      var written = write.apply(this, arguments);
      if (!paused && stream && stream.path === FILE) {
        // Without a position the write went to the stream's position (the end, in append mode),
        // which has moved past it now.
        markRange(typeof position === 'number' ? position : stream.position - written, written);
      }
      return written;
    };
    FS.truncate = function (path, len) {
      if (!paused) {
        var node = typeof path === 'string' ? (function () {
          try { return FS.lookupPath(path, { follow: true }).node; } catch (e) { return null; }
        })() : path;
        if (node && node === fileNode() && len % PAGE_SIZE) dirty.add(Math.floor(len / PAGE_SIZE));
      }
      return truncate.apply(this, arguments);
    };
  };
  // True when the file in memory differs from what this tab last saved or read.
  store.hasChanges = function () {
    return dirty.size > 0 || mustWriteAll || fileNode() !== savedNode;
  };

  // [SECTION] Opening IndexedDB
  // Throws when IndexedDB cannot be used at all (turned off, private mode); `callback(err, db)`.
  var opening = null;   // callbacks waiting for the open request under way
  function openDb(callback) {
    if (db) { callback(null, db); return; }
    if (opening) { opening.push(callback); return; }
    if (!window.indexedDB) throw new Error('IndexedDB is missing');
    var req = window.indexedDB.open(DB_NAME, DB_VERSION);  // throws where IndexedDB is turned off
    opening = [callback];
    var settle = function (err) {
      var waiting = opening;
      opening = null;
      waiting.forEach(function (f) { f(err, db); });
    };
    req.onupgradeneeded = function () {
      var d = req.result;
      // Version 1 had 'pages', 'segments' and 'meta'; version 2 adds 'batches'. The records stay as
      // they are: version 2 reads version 1's (see the layout), so the upgrade itself moves nothing.
      STORES.forEach(function (name) {
        if (!d.objectStoreNames.contains(name)) d.createObjectStore(name);
      });
    };
    req.onsuccess = function () {
      var d = req.result;
      db = d;
      // A newer build upgrading the store in another tab: let it, and open again when needed.
      d.onversionchange = function () { d.close(); if (db === d) db = null; };
      d.onclose = function () { if (db === d) db = null; };
      settle(null);
    };
    req.onerror = function (e) { e.preventDefault(); settle(req.error || new Error('IndexedDB could not be opened')); };
    req.onblocked = function () { console.warn('Vastuu: browser storage is held by an older tab of Vastuu; waiting'); };
  }
  store.open = openDb;

  // [SECTION] Where each stored page lives
  // What this tab knows storage holds besides the segments (its `layout`): `where` maps a page to
  // the record with its newest copy outside its segment (-1: 'pages', g: batch g); `batchLive`
  // maps each stored batch to how many pages still live in it (a save deletes the batches left with
  // none, in its own transaction), `batchSize` to how many it holds; `segGen[s]` is the generation that wrote segment s (0: unknown,
  // version 1; -1: none stored); `pagesRecords`: 'pages' holds version-1 records. Exact after a
  // whole read and after this tab's own saves. A follower's page-wise refresh does not follow it
  // (`exact` false): a save from there writes the whole file, and a follower that becomes the writer
  // reads the whole store first (pre.js), so a batch still needed is never deleted.
  function emptyLayout() {
    return { where: new Map(), batchLive: new Map(), batchSize: new Map(), segGen: [], pagesRecords: false, exact: true };
  }
  function copyLayout(l) {
    return { where: new Map(l.where), batchLive: new Map(l.batchLive), batchSize: new Map(l.batchSize), segGen: l.segGen.slice(),
      pagesRecords: l.pagesRecords, exact: l.exact };
  }
  var layout = emptyLayout();
  // The newest copy of page p is now in batch `to`, or in its segment (to === null).
  function movePage(l, p, to) {
    var from = l.where.get(p);
    if (from !== undefined && from >= 0) l.batchLive.set(from, l.batchLive.get(from) - 1);
    if (to === null) { l.where.delete(p); return; }
    l.where.set(p, to);
    if (to >= 0) l.batchLive.set(to, (l.batchLive.get(to) || 0) + 1);
  }
  function layoutStats(l) {
    store.stats.loosePages = l.where.size;
    store.stats.batches = l.batchLive.size;
  }

  // [SECTION] Reading
  // Writes `bytes` as the whole file in memory (what storage holds), not counted as a change.
  function replaceFile(bytes) {
    paused++;
    try {
      try { FS.unlink(FILE); } catch (e) { /* not there yet */ }
      try { FS.unlink(FILE + '-journal'); } catch (e) { /* none */ }
      if (bytes) FS.writeFile(FILE, bytes, { canOwn: true });  // MEMFS keeps the array: no 20 MB copy
    } finally {
      paused--;
    }
    dirty.clear();
    savedNode = fileNode();
  }
  // Puts the given pages ({ index, data: Uint8Array }) into the file in memory and sets its size.
  function patchFile(pages, size) {
    paused++;
    try {
      var stream = FS.open(FILE, 'r+');
      try {
        pages.forEach(function (p) {
          var n = Math.min(p.data.length, size - p.index * PAGE_SIZE);
          if (n > 0) FS.write(stream, p.data, 0, n, p.index * PAGE_SIZE);
        });
      } finally {
        FS.close(stream);
      }
      FS.truncate(FILE, size);
    } finally {
      paused--;
    }
  }
  function segmentGeneration(meta, s) {
    var g = meta.format >= 2 && meta.segmentGenerations ? meta.segmentGenerations[s] : 0;
    return typeof g === 'number' ? g : -1;
  }
  // Assembles the file from a meta record and every record of the store (`whole`: keys and values
  // in key order, as getAllKeys and getAll give them): { bytes, layout }, or null if a page is missing.
  function assemble(meta, whole) {
    var size = meta.size, count = meta.pageCount;
    var bytes = new Uint8Array(size);
    var segmentCount = Math.ceil(count / SEGMENT_PAGES);
    var covered = new Uint8Array(count);
    var l = emptyLayout();
    for (var s = 0; s < segmentCount; s++) l.segGen.push(-1);
    var put = function (data, at) {
      var n = Math.min(data.length, size - at);
      if (n > 0) bytes.set(n < data.length ? data.subarray(0, n) : data, at);
      return n;
    };
    for (var i = 0; i < whole.segKeys.length; i++) {
      var sg = whole.segKeys[i];
      if (sg >= segmentCount) continue;  // past the end: deleted by the next save that shrinks
      var n = put(new Uint8Array(whole.segValues[i]), sg * SEGMENT_BYTES);
      l.segGen[sg] = Math.max(0, segmentGeneration(meta, sg));
      for (var p = sg * SEGMENT_PAGES; p < count && p * PAGE_SIZE < sg * SEGMENT_BYTES + n; p++) covered[p] = 1;
    }
    l.pagesRecords = whole.pageKeys.length > 0;
    for (var k = 0; k < whole.pageKeys.length; k++) {
      var q = whole.pageKeys[k];
      // A version-1 page counts only over a segment of version 1 (rewriting a segment deletes its pages).
      if (q >= count || l.segGen[Math.floor(q / SEGMENT_PAGES)] > 0) continue;
      put(new Uint8Array(whole.pageValues[k]), q * PAGE_SIZE);
      covered[q] = 1;
      l.where.set(q, -1);
    }
    var listed = new Set(meta.format >= 2 && meta.batches ? meta.batches : []);
    for (var b = 0; b < whole.batchKeys.length; b++) {
      var g = whole.batchKeys[b];
      l.batchLive.set(g, 0);  // one not listed (it should not happen) is deleted by the next save
      if (!listed.has(g)) continue;
      var batch = whole.batchValues[b], data = new Uint8Array(batch.data), pages = batch.pages;
      l.batchSize.set(g, pages.length);
      for (var j = 0; j < pages.length; j++) {
        var r = pages[j];
        if (r >= count || g <= l.segGen[Math.floor(r / SEGMENT_PAGES)]) continue;  // its segment is newer
        put(data.subarray(j * PAGE_SIZE, (j + 1) * PAGE_SIZE), r * PAGE_SIZE);
        covered[r] = 1;
        movePage(l, r, g);
      }
    }
    for (var c = 0; c < count; c++) if (!covered[c]) return null;
    return { bytes: bytes, layout: l };
  }
  // Requests everything the store holds in `tx`; `whole` receives it.
  function readAll(tx, whole) {
    [[SEGMENTS, 'seg'], [PAGES, 'page'], [BATCHES, 'batch']].forEach(function (s) {
      var os = tx.objectStore(s[0]);
      os.getAllKeys().onsuccess = function (e) { whole[s[1] + 'Keys'] = e.target.result; };
      os.getAll().onsuccess = function (e) { whole[s[1] + 'Values'] = e.target.result; };
    });
  }
  function atGeneration(meta) {
    mustWriteAll = !meta;           // nothing stored yet (or only the legacy file): the first save writes all
    store.generation = meta ? meta.generation : 0;
    store.storedPageCount = meta ? meta.pageCount : 0;
    store.stats.generation = store.generation;
    store.stats.pages = store.storedPageCount;
    layoutStats(layout);
  }
  // Reads the whole store (no FS work, so it can run while the wasm module compiles): `callback(err,
  // { meta, bytes, layout, legacy, records, readMs })`, bytes null when storage is empty. Falls back to
  // the whole-file store of earlier builds.
  function readWhole(callback) {
    var started = performance.now();
    openDb(function (err, d) {
      if (err) { callback(err); return; }
      var tx;
      try { tx = d.transaction(STORES, 'readonly'); } catch (e) { callback(e); return; }
      var meta, whole = {};
      tx.objectStore(META).get(META_KEY).onsuccess = function (e) { meta = e.target.result; };
      readAll(tx, whole);
      tx.onabort = function () { callback(tx.error || new Error('reading browser storage was aborted')); };
      tx.oncomplete = function () {
        if (meta) {
          var got = assemble(meta, whole);
          if (!got) { callback(new Error('browser storage is incomplete (pages missing)')); return; }
          callback(null, { meta: meta, bytes: got.bytes, layout: got.layout, legacy: false, readMs: performance.now() - started,
            records: whole.segKeys.length + whole.pageKeys.length + whole.batchKeys.length });
          return;
        }
        readLegacy(function (err2, legacyBytes) {
          if (err2) { callback(err2); return; }
          callback(null, { meta: null, bytes: legacyBytes, layout: emptyLayout(), legacy: !!legacyBytes,
            readMs: performance.now() - started, records: legacyBytes ? 1 : 0 });
        });
      };
    });
  }
  // Puts what readWhole() read into /data/vastuu.sqlite (removing the file when storage is empty).
  function install(got) {
    var started = performance.now();
    replaceFile(got.bytes);
    layout = got.layout;
    store.legacy = got.legacy;
    atGeneration(got.meta);
    store.stats.loadMs = got.readMs + (performance.now() - started);
    store.stats.loadBytes = got.bytes ? got.bytes.length : 0;
    store.stats.loadRecords = got.records;
  }
  // Start-up, in two steps so that the read overlaps the wasm module's compilation: `startLoad()`
  // as early as possible (it reads into JS memory), `finishLoad(callback)` once FS may be written
  // (preRun): `callback(err, { generation, legacy })`. `store.load` does both at once.
  var early = null;
  store.startLoad = function () {
    if (early) return;
    early = { got: null, err: null, done: false, waiting: null };
    var e = early;
    try {
      readWhole(function (err, got) {
        e.err = err; e.got = got; e.done = true;
        if (e.waiting) { var w = e.waiting; e.waiting = null; w(); }
      });
    } catch (ex) {
      e.err = ex; e.done = true;
    }
  };
  store.finishLoad = function (callback) {
    if (!early) store.startLoad();
    var e = early;
    early = null;
    var waitStarted = performance.now();
    var finish = function () {
      store.stats.loadWaitMs = performance.now() - waitStarted;
      if (e.err) { callback(e.err); return; }
      install(e.got);
      callback(null, { generation: store.generation, legacy: store.legacy });
    };
    if (e.done) finish(); else e.waiting = finish;
  };
  store.load = function (callback) {
    early = null;
    store.startLoad();
    store.finishLoad(callback);
  };
  // The generation storage holds now (0 when empty): `callback(err, generation)`.
  store.storedGeneration = function (callback) {
    openDb(function (err, d) {
      if (err) { callback(err); return; }
      var tx, meta;
      try { tx = d.transaction([META], 'readonly'); } catch (e) { callback(e); return; }
      tx.objectStore(META).get(META_KEY).onsuccess = function (ev) { meta = ev.target.result; };
      tx.onabort = function () { callback(tx.error || new Error('reading browser storage was aborted')); };
      tx.oncomplete = function () { callback(null, meta ? meta.generation : 0); };
    });
  };
  // A follower catching up with the writer's saves: reads the meta record and, when `changes` (the
  // writer's announcements: generation -> { base, pages, segments, batch }) cover every save since
  // this tab's generation, only the changed pages, each from the record that holds its newest copy
  // (the segment or the batch the newest save that wrote it put it in); otherwise, or when
  // `options.whole`, the whole store. `callback(err, { changed, pages })`.
  store.refresh = function (changes, callback, options) {
    var started = performance.now();
    var wantWhole = !!(options && options.whole);
    var wholeRead = function () {
      store.load(function (err, info) {
        if (err) { callback(err); return; }
        store.stats.refreshes++;
        store.stats.lastRefreshPages = store.storedPageCount;
        store.stats.lastRefreshMs = performance.now() - started;
        callback(null, { changed: true, pages: -1, legacy: info.legacy });
      });
    };
    openDb(function (err, d) {
      if (err) { callback(err); return; }
      var tx;
      try { tx = d.transaction(STORES, 'readonly'); } catch (e) { callback(e); return; }
      var meta = null, got = [], missing = false, pagewise = false;
      tx.objectStore(META).get(META_KEY).onsuccess = function (e) {
        meta = e.target.result;
        if (!meta || meta.generation === store.generation || wantWhole) return;  // nothing to read, or all
        if (!savedNode || fileNode() !== savedNode || dirty.size !== 0) return;
        // Where the newest copy of each page changed since our generation is: the newest save that
        // wrote it put it into one of its segments or into its batch.
        var needed = new Set();
        for (var g = store.generation + 1; g <= meta.generation; g++) {
          var c = changes[g];
          if (!c || !c.pages || c.base !== g - 1 || !c.segments) return;
          c.pages.forEach(function (p) { if (p < meta.pageCount) needed.add(p); });
        }
        var where = new Map();  // page -> { segment } | { batch }
        for (var h = meta.generation; h > store.generation; h--) {
          var segs = new Set(changes[h].segments), inBatch = new Set(changes[h].batch || []);
          needed.forEach(function (q) {
            if (where.has(q)) return;
            var s = Math.floor(q / SEGMENT_PAGES);
            if (segs.has(s)) where.set(q, { segment: s });
            else if (inBatch.has(q)) where.set(q, { batch: h });
          });
        }
        var segmentWants = new Map(), batchWants = new Map();
        if (where.size !== needed.size) return;  // a page the announcements do not place: read all
        where.forEach(function (loc, q) {
          var m = loc.batch !== undefined ? batchWants : segmentWants, key = loc.batch !== undefined ? loc.batch : loc.segment;
          if (!m.has(key)) m.set(key, []);
          m.get(key).push(q);
        });
        pagewise = true;
        segmentWants.forEach(function (want, s) {
          tx.objectStore(SEGMENTS).get(s).onsuccess = function (ev) {
            var seg = ev.target.result ? new Uint8Array(ev.target.result) : null;
            want.forEach(function (q) {
              var from = (q - s * SEGMENT_PAGES) * PAGE_SIZE;
              if (!seg || seg.length <= from) { missing = true; return; }
              got.push({ index: q, data: seg.subarray(from, from + PAGE_SIZE) });
            });
          };
        });
        batchWants.forEach(function (want, b) {
          tx.objectStore(BATCHES).get(b).onsuccess = function (ev) {
            var batch = ev.target.result;
            if (!batch) { missing = true; return; }
            var data = new Uint8Array(batch.data), index = new Map();
            for (var j = 0; j < batch.pages.length; j++) index.set(batch.pages[j], j);
            want.forEach(function (q) {
              var at = index.get(q);
              if (at === undefined) { missing = true; return; }
              got.push({ index: q, data: data.subarray(at * PAGE_SIZE, (at + 1) * PAGE_SIZE) });
            });
          };
        });
      };
      tx.onabort = function () { callback(tx.error || new Error('reading browser storage was aborted')); };
      tx.oncomplete = function () {
        if (!meta) {
          // Nothing in the page store: an earlier build's tab may be the writer.
          store.load(function (err2, info) { callback(err2, { changed: true, pages: -1, legacy: info && info.legacy }); });
          return;
        }
        if (meta.generation === store.generation && (!wantWhole || layout.exact)) { callback(null, { changed: false, pages: 0 }); return; }
        if (!pagewise || missing) { wholeRead(); return; }
        patchFile(got, meta.size);
        dirty.clear();
        layout.exact = false;  // see "Where each stored page lives"
        atGeneration(meta);
        store.stats.refreshes++;
        store.stats.lastRefreshPages = got.length;
        store.stats.lastRefreshMs = performance.now() - started;
        callback(null, { changed: true, pages: got.length });
      };
    });
  };

  // [SECTION] The whole-file store of earlier builds
  // `callback(err, bytes or null)`. Opening a database that does not exist would create it: an
  // upgrade event on an unversioned open means there was none, and aborting it leaves none behind.
  function readLegacy(callback) {
    var req;
    try { req = window.indexedDB.open(LEGACY_DB); } catch (e) { callback(null, null); return; }
    var absent = false;
    req.onupgradeneeded = function () { absent = true; req.transaction.abort(); };
    req.onerror = function (e) { e.preventDefault(); callback(absent ? null : (req.error || null), null); };
    req.onsuccess = function () {
      var legacyDb = req.result;
      var done = function (err, bytes) { legacyDb.close(); callback(err, bytes); };
      if (!legacyDb.objectStoreNames.contains(LEGACY_STORE)) { done(null, null); return; }
      try {
        var get = legacyDb.transaction([LEGACY_STORE], 'readonly').objectStore(LEGACY_STORE).get(FILE);
        get.onsuccess = function () {
          var entry = get.result;
          done(null, entry && entry.contents ? new Uint8Array(entry.contents) : null);
        };
        get.onerror = function (e) { e.preventDefault(); done(get.error); };
      } catch (e) {
        done(e);
      }
    };
  }
  // Deletes the earlier builds' store once its file is safely in the page store. An older tab still
  // open keeps it until that tab closes (the deletion waits; nothing reads it meanwhile).
  function deleteLegacy() {
    if (!store.legacy) return;
    store.legacy = false;
    store.stats.migrated = true;
    try {
      var req = window.indexedDB.deleteDatabase(LEGACY_DB);
      req.onsuccess = function () { console.log('Vastuu: the whole-file store of an earlier version was migrated and deleted'); };
      req.onerror = function (e) { e.preventDefault(); };
    } catch (e) { /* it stays; it is never read again while the page store has data */ }
  }

  // [SECTION] Saving
  // Writes what changed since the last save (all of it when the file was replaced or nothing is
  // stored yet) plus the meta record, in one readwrite transaction: each segment where at least
  // WHOLE_SEGMENT_SHARE of its pages changed (so every new segment of a growing file) as a whole
  // segment, the other changed pages as one batch record keyed by the new generation; batches whose
  // pages have all been written again since are deleted in the same transaction. Call it only
  // between SQLite transactions: the file in memory must be a committed state (a rollback journal on
  // /data means a transaction is open; the save then refuses, and the caller tries again).
  //
  // With Web Locks this tab is the only writer, so it knows what storage holds (its own last save or
  // read) and issues every request at once and commits: one round trip, and a reload right after
  // still finds the transaction complete. The meta record is read in the same transaction all the
  // same; should it show another tab's save (which the lock rules out), the next save writes the
  // whole file. Without Web Locks another tab may save at any time: the meta record is read first
  // and, when another tab saved, this save writes the whole file (the last save wins whole, and
  // pages of two files never mix).
  // `options.compact`: also fold the pages kept outside their segments back (compaction): the
  // segments with the most of them are rewritten, and the rest go into this save's batch, so that
  // no older batch or version-1 page is left (all written from the file in memory, which is the
  // state this save stores). `callback(err, { generation, base, pages: [changed page numbers], full,
  // segments: [segments written whole], batch: [pages in the batch], bytes })`; `bytes` counts the
  // segments' and the batch's bytes (the meta record adds about a hundred, plus a few per segment).
  store.storedPageCount = 0;  // pages in storage after this tab's last save or read
  function hasSingleWriter() { return !!(navigator.locks && navigator.locks.request); }
  // The segments a compacting save folds back besides `chosen` (already written whole): those with
  // the most pages kept apart (in `l`, or about to be: `batchPages`), until at most compactKeep stay
  // apart or compactSegments are chosen.
  function segmentsToCompact(l, batchPages, chosen, segmentCount) {
    var perSegment = new Map(), apart = new Set(batchPages);
    l.where.forEach(function (at, p) { apart.add(p); });
    var remaining = 0;
    apart.forEach(function (p) {
      var s = Math.floor(p / SEGMENT_PAGES);
      if (s >= segmentCount || chosen.has(s)) return;
      perSegment.set(s, (perSegment.get(s) || 0) + 1);
      remaining++;
    });
    var order = Array.from(perSegment.keys()).sort(function (a, b) { return perSegment.get(b) - perSegment.get(a) || a - b; });
    var picked = [];
    for (var i = 0; i < order.length && remaining > limits.compactKeep && picked.length < limits.compactSegments; i++) {
      picked.push(order[i]);
      remaining -= perSegment.get(order[i]);
    }
    return picked;
  }
  // Older batches that this save leaves mostly superseded (at most MERGE_SHARE of their pages still
  // live) are merged into its batch: their live pages are written again (from the file in memory),
  // so that they are deleted now rather than read at every start-up until a compaction. A bulk edit
  // and its undo rewrite the same pages: without this the first batch's dead bytes would stay. The
  // extra pages are bounded by MERGE_SHARE of this save's own, and a save of fewer than MERGE_FROM
  // pages merges nothing (a toggle stays at its own tens of KB; compaction takes care of those).
  // `batchPages`: this save's batch so far; `whole`: the segments it writes whole.
  var MERGE_SHARE = 0.25, MERGE_FROM = 64;
  function pagesToMerge(l, batchPages, whole) {
    if (!l.batchLive.size || batchPages.length < MERGE_FROM) return [];
    var liveAfter = new Map(l.batchLive), written = new Set(batchPages);
    var superseded = function (p) { var g = l.where.get(p); if (g !== undefined && g >= 0) liveAfter.set(g, liveAfter.get(g) - 1); };
    batchPages.forEach(superseded);
    l.where.forEach(function (g, p) { if (g >= 0 && whole.has(Math.floor(p / SEGMENT_PAGES)) && !written.has(p)) superseded(p); });
    var budget = Math.floor(MERGE_SHARE * batchPages.length);
    var candidates = [];
    liveAfter.forEach(function (n, g) {
      if (n > 0 && n <= budget && n <= MERGE_SHARE * (l.batchSize.get(g) || 0)) candidates.push(g);
    });
    if (!candidates.length) return [];
    candidates.sort(function (a, b) { return liveAfter.get(a) - liveAfter.get(b) || a - b; });
    var chosen = new Set();
    candidates.forEach(function (g) {
      if (liveAfter.get(g) <= budget) { chosen.add(g); budget -= liveAfter.get(g); }
    });
    var extra = [];
    l.where.forEach(function (g, p) {
      if (chosen.has(g) && !written.has(p) && !whole.has(Math.floor(p / SEGMENT_PAGES))) extra.push(p);
    });
    return extra;
  }
  store.compactionDue = function () {
    return layout.where.size > limits.compactAfter || layout.batchLive.size > limits.compactRecords || layout.pagesRecords;
  };
  store.save = function (callback, options) {
    var started = performance.now();
    var finished = false;
    var taken = null, takenAll = false, info = null, tx = null;
    var compact = !!(options && options.compact);
    var finish = function (err, result) {
      if (finished) return;
      finished = true;
      if (err && taken) {
        // Nothing was written: those pages are still to be saved.
        taken.forEach(function (p) { dirty.add(p); });
        if (takenAll) mustWriteAll = true;
      }
      callback(err, result);
    };
    var journalBytes = 0;
    try { journalBytes = FS.stat(FILE + '-journal').size; } catch (e) { /* none: no transaction open */ }
    if (journalBytes > 0) {
      finish(new Error('a SQLite transaction is open'));
      return;
    }
    // Puts the records and the meta record into `tx`, given what storage holds: { generation,
    // pageCount } (null when nothing is stored).
    var write = function (stored) {
      var node = fileNode();
      var size = node ? FS.stat(FILE).size : 0;
      var count = Math.ceil(size / PAGE_SIZE);
      var segmentCount = Math.ceil(count / SEGMENT_PAGES);
      var full = mustWriteAll || !stored || node !== savedNode || !layout.exact;
      // Take the pages to write now: changes from here on belong to the next save.
      taken = dirty;
      takenAll = full;
      dirty = new Set();
      mustWriteAll = false;
      var base = stored ? stored.generation : 0, generation = base + 1;
      var l = full ? emptyLayout() : copyLayout(layout);
      var pages = [], segments = [], batchPages = [];
      var k;
      if (full) {
        for (k = 0; k < count; k++) pages.push(k);
        for (k = 0; k < segmentCount; k++) segments.push(k);
      } else {
        // Pages past the stored end are new even if never written (a file only grows by writes).
        for (k = stored.pageCount; k < count; k++) taken.add(k);
        pages = Array.from(taken).filter(function (p) { return p < count; }).sort(function (a, b) { return a - b; });
        var perSegment = new Map();
        pages.forEach(function (p) { var s = Math.floor(p / SEGMENT_PAGES); perSegment.set(s, (perSegment.get(s) || 0) + 1); });
        perSegment.forEach(function (n, s) {
          if (n >= WHOLE_SEGMENT_SHARE * Math.min(SEGMENT_PAGES, count - s * SEGMENT_PAGES)) segments.push(s);
        });
        var whole = new Set(segments);
        batchPages = pages.filter(function (p) { return !whole.has(Math.floor(p / SEGMENT_PAGES)); });
        if (compact) {
          segmentsToCompact(l, batchPages, whole, segmentCount).forEach(function (s) { segments.push(s); whole.add(s); });
          // Every page kept apart that no folded segment takes moves into this batch.
          var inBatch = new Set();
          batchPages = batchPages.filter(function (p) { return !whole.has(Math.floor(p / SEGMENT_PAGES)); });
          batchPages.forEach(function (p) { inBatch.add(p); });
          l.where.forEach(function (at, p) {
            if (p < count && !whole.has(Math.floor(p / SEGMENT_PAGES)) && !inBatch.has(p)) batchPages.push(p);
          });
          batchPages.sort(function (a, b) { return a - b; });
        } else {
          var merged = pagesToMerge(l, batchPages, whole).filter(function (p) { return p < count; });
          batchPages = batchPages.concat(merged).sort(function (a, b) { return a - b; });
        }
        segments.sort(function (a, b) { return a - b; });
      }
      while (l.segGen.length < segmentCount) l.segGen.push(-1);
      l.segGen.length = segmentCount;
      var gone = [];
      l.where.forEach(function (at, p) { if (p >= count) gone.push(p); });
      gone.forEach(function (p) { movePage(l, p, null); });

      var pagesStore = tx.objectStore(PAGES), segmentsStore = tx.objectStore(SEGMENTS), batchesStore = tx.objectStore(BATCHES);
      var bytes = 0;
      var stream = count ? FS.open(FILE, 'r') : null;
      try {
        segments.forEach(function (sg) {
          var length = Math.min(SEGMENT_BYTES, size - sg * SEGMENT_BYTES);
          var seg = new Uint8Array(length);
          FS.read(stream, seg, 0, length, sg * SEGMENT_BYTES);
          segmentsStore.put(seg.buffer, sg);
          bytes += length;
          l.segGen[sg] = generation;
          if (!full) {
            if (l.pagesRecords) pagesStore.delete(IDBKeyRange.bound(sg * SEGMENT_PAGES, (sg + 1) * SEGMENT_PAGES - 1));
            for (var p = sg * SEGMENT_PAGES; p < (sg + 1) * SEGMENT_PAGES; p++) if (l.where.has(p)) movePage(l, p, null);
          }
        });
        if (batchPages.length) {
          var numbers = new Uint32Array(batchPages);
          var data = new Uint8Array(batchPages.length * PAGE_SIZE);  // a short last page is padded with zeros
          batchPages.forEach(function (p, i) {
            FS.read(stream, data, i * PAGE_SIZE, Math.min(PAGE_SIZE, size - p * PAGE_SIZE), p * PAGE_SIZE);
            movePage(l, p, generation);
          });
          batchesStore.put({ pages: numbers, data: data.buffer }, generation);
          l.batchSize.set(generation, batchPages.length);
          bytes += data.length;
        }
      } finally {
        if (stream) FS.close(stream);
      }
      if (full) {
        pagesStore.clear();
        batchesStore.clear();
        segmentsStore.delete(IDBKeyRange.lowerBound(segmentCount));
      } else {
        if (compact && l.pagesRecords) { pagesStore.clear(); l.pagesRecords = false; }
        if (count < stored.pageCount) {
          if (l.pagesRecords) pagesStore.delete(IDBKeyRange.lowerBound(count));
          segmentsStore.delete(IDBKeyRange.lowerBound(segmentCount));
        }
        // Batches none of whose pages is the newest copy any more.
        var dead = [];
        l.batchLive.forEach(function (n, g) { if (n <= 0) dead.push(g); });
        dead.forEach(function (g) { batchesStore.delete(g); l.batchLive.delete(g); l.batchSize.delete(g); });
      }
      var meta = { format: FORMAT, pageSize: PAGE_SIZE, segmentPages: SEGMENT_PAGES, size: size, pageCount: count,
        generation: generation, savedAt: Date.now(), segmentGenerations: l.segGen.slice(),
        batches: Array.from(l.batchLive.keys()).sort(function (a, b) { return a - b; }) };
      tx.objectStore(META).put(meta, META_KEY);
      info = { generation: generation, base: base, pages: pages, full: full, bytes: bytes, pageCount: count, node: node,
        layout: l, segments: segments, batch: batchPages, compacted: compact && !full };
    };
    var fail = function (e) {
      try { tx.abort(); } catch (e2) { /* already aborted */ }
      finish(e);
    };
    openDb(function (err, d) {
      if (err) { finish(err); return; }
      try {
        tx = d.transaction(STORES, 'readwrite', { durability: 'relaxed' });
      } catch (e) {
        finish(e);
        return;
      }
      tx.onabort = function () { finish(tx.error || new Error('the IndexedDB transaction was aborted')); };
      tx.onerror = function (e) { e.preventDefault(); };  // the abort that follows reports it
      tx.oncomplete = function () {
        if (!info) { finish(new Error('nothing was saved')); return; }
        store.generation = info.generation;
        store.storedPageCount = info.pageCount;
        savedNode = info.node;
        layout = info.layout;
        var s = store.stats;
        layoutStats(layout);
        if (info.compacted) s.compactions++;
        s.generation = info.generation;
        s.pages = info.pageCount;
        s.saves++;
        if (info.full) s.fullSaves++;
        s.lastSaveBytes = info.bytes;
        s.lastSavePages = info.pages.length;
        s.lastSaveFull = info.full;
        s.lastSaveSegments = info.segments.length;
        s.lastSaveRecords = info.segments.length + (info.batch.length ? 1 : 0);
        s.lastSaveMs = performance.now() - started;
        s.bytesWritten += info.bytes;
        deleteLegacy();
        finish(null, info);
      };
      var known = store.generation > 0 ? { generation: store.generation, pageCount: store.storedPageCount } : null;
      var metaGet = tx.objectStore(META).get(META_KEY);
      if (hasSingleWriter()) {
        metaGet.onsuccess = function () {
          var stored = metaGet.result;
          if ((stored ? stored.generation : 0) !== (known ? known.generation : 0)) {
            console.error('Vastuu: another tab saved although this one holds the writer lock (generation ' +
              (stored && stored.generation) + ', expected ' + (known && known.generation) + '): the next save writes the whole file');
            mustWriteAll = true;
          }
        };
        try {
          write(known);
          if (tx.commit) tx.commit();  // no need to wait for the answers before committing
        } catch (e) {
          fail(e);
        }
      } else {
        metaGet.onsuccess = function () {
          try {
            var stored = metaGet.result || null;
            if (stored && (!known || stored.generation !== known.generation)) {
              if (known) console.warn('Vastuu: another tab saved meanwhile: this save writes the whole file');
              mustWriteAll = true;
            }
            write(stored ? { generation: stored.generation, pageCount: stored.pageCount } : null);
          } catch (e) {
            fail(e);
          }
        };
      }
    });
  };

  return store;
})();
