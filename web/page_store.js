// Vastuu's browser storage (emcc --pre-js, before web/pre.js): the database file /data/vastuu.sqlite
// kept in IndexedDB as fixed-size pages, so that a save writes only the pages that changed since the
// last one, all in one IndexedDB transaction together with a meta record (size, generation): storage
// always holds one complete committed state, the old one or the new one.
//
// [SECTION] The store's layout
// [SECTION] Which pages changed: every write to the file in memory, seen at Emscripten's FS layer
// [SECTION] Opening IndexedDB
// [SECTION] Reading: the whole store into /data at start-up, or only a follower's changed pages
// [SECTION] The whole-file store of earlier builds (IDBFS): read once, then migrated and deleted
// [SECTION] Saving: the changed pages and the meta record in one transaction
/* global Module, FS */

Module.vastuuPageStore = (function () {
  // [SECTION] The store's layout
  // IndexedDB database 'vastuu' (version 1):
  //   'segments': key = segment number, value = ArrayBuffer of up to SEGMENT_PAGES pages (1 MiB):
  //            segment s holds bytes [s × SEGMENT_BYTES, (s + 1) × SEGMENT_BYTES) of the file as
  //            they were when it was last written (it may be shorter than that, or longer than the file).
  //   'pages': key = page number, value = ArrayBuffer of PAGE_SIZE bytes (the last page may be
  //            shorter): page n, bytes [n × PAGE_SIZE, (n + 1) × PAGE_SIZE), written after its segment.
  //   'meta':  key 'database', value = { format: 1, pageSize, segmentPages, size (bytes), pageCount,
  //            generation, savedAt (ms since 1970) }. generation grows by one with every save.
  // The file is: every segment, with the pages on top, cut at size. Every page below pageCount is
  // in 'pages' or inside its segment, and no page at or above pageCount is in 'pages'. A save writes
  // its changed pages and the meta record in one transaction, so a reader sees the old state or the
  // new one, never a mix. Why two levels: a save writes 4 KiB pages (a toggle costs tens of KB, not
  // the file), while start-up reads about twenty 1 MiB segments (thousands of small records take
  // Chromium a second or more to read); when pages pile up, an idle save folds them back into their
  // segments (compaction). PAGE_SIZE is the store's, not SQLite's: 4096 is SQLite's default page
  // size, so a page SQLite writes is one page here (other page sizes work, with some bytes extra).
  var DB_NAME = 'vastuu', DB_VERSION = 1, PAGES = 'pages', SEGMENTS = 'segments', META = 'meta', META_KEY = 'database';
  var PAGE_SIZE = 4096, SEGMENT_PAGES = 256, SEGMENT_BYTES = PAGE_SIZE * SEGMENT_PAGES;
  // Compaction: due when more than COMPACT_AFTER pages are stored apart from their segments; one
  // compacting save rewrites at most COMPACT_SEGMENTS segments (those with the most such pages).
  var COMPACT_AFTER = 512, COMPACT_SEGMENTS = 4;
  var FILE = '/data/vastuu.sqlite';
  // What Emscripten's IDBFS (mounted at /data by earlier builds) wrote: database '/data', store
  // 'FILE_DATA', one record per path: { timestamp, mode, contents: Uint8Array }.
  var LEGACY_DB = '/data', LEGACY_STORE = 'FILE_DATA';

  var store = {
    pageSize: PAGE_SIZE,
    generation: 0,      // the stored generation this tab's file in memory corresponds to
    legacy: false,      // the whole-file store of an earlier build exists and is still to be deleted
    stats: {            // window.vastuu.stats().store (docs/automation.md)
      pageSize: PAGE_SIZE, pages: 0, generation: 0, saves: 0, fullSaves: 0, lastSaveBytes: 0,
      lastSavePages: 0, lastSaveMs: 0, lastSaveFull: false, bytesWritten: 0, loadMs: 0, loadBytes: 0,
      refreshes: 0, lastRefreshPages: 0, migrated: false, loosePages: 0, compactions: 0,
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
      [PAGES, SEGMENTS, META].forEach(function (name) {
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

  // [SECTION] Reading
  // Writes `bytes` as the whole file in memory (what storage holds), not counted as a change.
  function replaceFile(bytes) {
    paused++;
    try {
      try { FS.unlink(FILE); } catch (e) { /* not there yet */ }
      try { FS.unlink(FILE + '-journal'); } catch (e) { /* none */ }
      if (bytes) FS.writeFile(FILE, bytes);
    } finally {
      paused--;
    }
    dirty.clear();
    savedNode = fileNode();
  }
  // Puts the given pages into the file in memory and sets its size.
  function patchFile(pages, size) {
    paused++;
    try {
      var stream = FS.open(FILE, 'r+');
      try {
        pages.forEach(function (p) {
          var bytes = new Uint8Array(p.data);
          FS.write(stream, bytes, 0, bytes.length, p.index * PAGE_SIZE);
        });
      } finally {
        FS.close(stream);
      }
      FS.truncate(FILE, size);
    } finally {
      paused--;
    }
  }
  // Pages stored apart from their segments ('pages'), as far as this tab knows.
  var loose = new Set();
  // Assembles the file from a meta record, every segment and every loose page (keys and values in
  // key order, as getAllKeys and getAll give them); null if a page is missing.
  function assemble(meta, segKeys, segValues, pageKeys, pageValues) {
    var bytes = new Uint8Array(meta.size);
    var segments = Math.ceil(meta.pageCount / SEGMENT_PAGES);
    var covered = new Uint8Array(meta.pageCount);
    if (segKeys.length > segments) return null;
    for (var i = 0; i < segKeys.length; i++) {
      var at = segKeys[i] * SEGMENT_BYTES;
      var seg = new Uint8Array(segValues[i]);
      var n = Math.min(seg.length, meta.size - at);
      if (n <= 0) return null;
      bytes.set(n < seg.length ? seg.subarray(0, n) : seg, at);
      for (var p = segKeys[i] * SEGMENT_PAGES; p * PAGE_SIZE < at + n; p++) covered[p] = 1;
    }
    for (var k = 0; k < pageKeys.length; k++) {
      var q = pageKeys[k];
      if (q >= meta.pageCount) return null;
      var page = new Uint8Array(pageValues[k]);
      var m = Math.min(page.length, meta.size - q * PAGE_SIZE);
      bytes.set(m < page.length ? page.subarray(0, m) : page, q * PAGE_SIZE);
      covered[q] = 1;
    }
    for (var c = 0; c < covered.length; c++) if (!covered[c]) return null;
    return bytes;
  }
  // Requests everything the store holds in `tx`; `whole` receives it.
  function readAll(tx, whole) {
    tx.objectStore(SEGMENTS).getAllKeys().onsuccess = function (e) { whole.segKeys = e.target.result; };
    tx.objectStore(SEGMENTS).getAll().onsuccess = function (e) { whole.segValues = e.target.result; };
    tx.objectStore(PAGES).getAllKeys().onsuccess = function (e) { whole.pageKeys = e.target.result; };
    tx.objectStore(PAGES).getAll().onsuccess = function (e) { whole.pageValues = e.target.result; };
  }
  function assembleAll(meta, whole) {
    var bytes = assemble(meta, whole.segKeys, whole.segValues, whole.pageKeys, whole.pageValues);
    if (bytes) loose = new Set(whole.pageKeys);
    return bytes;
  }
  function atGeneration(meta) {
    mustWriteAll = !meta;           // nothing stored yet (or only the legacy file): the first save writes all
    store.generation = meta ? meta.generation : 0;
    store.storedPageCount = meta ? meta.pageCount : 0;
    store.stats.generation = store.generation;
    store.stats.pages = store.storedPageCount;
    store.stats.loosePages = loose.size;
  }
  // Reads the whole store into /data/vastuu.sqlite (the file is removed when storage is empty).
  // `callback(err, { generation, legacy })`. Falls back to the whole-file store of earlier builds.
  store.load = function (callback) {
    var started = performance.now();
    openDb(function (err, d) {
      if (err) { callback(err); return; }
      var tx;
      try { tx = d.transaction([META, SEGMENTS, PAGES], 'readonly'); } catch (e) { callback(e); return; }
      var meta, whole = {};
      tx.objectStore(META).get(META_KEY).onsuccess = function (e) { meta = e.target.result; };
      readAll(tx, whole);
      tx.onabort = function () { callback(tx.error || new Error('reading browser storage was aborted')); };
      tx.oncomplete = function () {
        var done = function (m, bytes, legacy) {
          replaceFile(bytes);
          atGeneration(m);
          store.stats.loadMs = performance.now() - started;
          store.stats.loadBytes = bytes ? bytes.length : 0;
          callback(null, { generation: store.generation, legacy: legacy });
        };
        if (meta) {
          var bytes = assembleAll(meta, whole);
          if (!bytes) { callback(new Error('browser storage is incomplete (pages missing)')); return; }
          done(meta, bytes, false);
          return;
        }
        readLegacy(function (err2, legacyBytes) {
          if (err2) { callback(err2); return; }
          store.legacy = !!legacyBytes;
          loose = new Set();
          done(null, legacyBytes, !!legacyBytes);
        });
      };
    });
  };
  // A follower catching up with the writer's saves: reads the meta record and, when `changes` (the
  // writer's announcements: generation -> { base, pages }) cover every save since this tab's
  // generation, only those pages (each from 'pages', or from its segment if it was folded back);
  // otherwise the whole store. `callback(err, { changed, pages })`.
  store.refresh = function (changes, callback) {
    var started = performance.now();
    openDb(function (err, d) {
      if (err) { callback(err); return; }
      var tx;
      try { tx = d.transaction([META, SEGMENTS, PAGES], 'readonly'); } catch (e) { callback(e); return; }
      var pagesStore = tx.objectStore(PAGES), segmentsStore = tx.objectStore(SEGMENTS);
      var meta = null, got = [], whole = null, missing = false;
      var segmentReads = {};  // segment number -> [pages waiting for it]
      var fromSegment = function (p) {
        var s = Math.floor(p / SEGMENT_PAGES);
        if (segmentReads[s]) { segmentReads[s].push(p); return; }
        segmentReads[s] = [p];
        segmentsStore.get(s).onsuccess = function (ev) {
          var seg = ev.target.result ? new Uint8Array(ev.target.result) : null;
          segmentReads[s].forEach(function (q) {
            var from = (q - s * SEGMENT_PAGES) * PAGE_SIZE;
            if (!seg || seg.length <= from) { missing = true; return; }
            got.push({ index: q, data: seg.slice(from, from + PAGE_SIZE) });
          });
        };
      };
      tx.objectStore(META).get(META_KEY).onsuccess = function (e) {
        meta = e.target.result;
        if (!meta || meta.generation === store.generation) return;
        // Pages changed by every save after ours, if the announcements say so.
        var set = new Set();
        for (var g = store.generation + 1; g <= meta.generation; g++) {
          var c = changes[g];
          if (!c || !c.pages || c.base !== g - 1) { set = null; break; }
          c.pages.forEach(function (p) { set.add(p); });
        }
        if (set && savedNode && fileNode() === savedNode && dirty.size === 0) {
          set.forEach(function (p) {
            if (p >= meta.pageCount) return;
            pagesStore.get(p).onsuccess = function (ev) {
              if (ev.target.result) got.push({ index: p, data: ev.target.result });
              else fromSegment(p);
            };
          });
        } else {
          whole = {};
          readAll(tx, whole);
        }
      };
      tx.onabort = function () { callback(tx.error || new Error('reading browser storage was aborted')); };
      tx.oncomplete = function () {
        if (!meta) {
          // Nothing in the page store: an earlier build's tab may be the writer.
          store.load(function (err2, info) { callback(err2, { changed: true, pages: -1, legacy: info && info.legacy }); });
          return;
        }
        if (meta.generation === store.generation) { callback(null, { changed: false, pages: 0 }); return; }
        if (whole) {
          var bytes = assembleAll(meta, whole);
          if (!bytes) { callback(new Error('browser storage is incomplete (pages missing)')); return; }
          replaceFile(bytes);
        } else {
          if (missing) { callback(new Error('browser storage is incomplete (pages missing)')); return; }
          patchFile(got, meta.size);
          got.forEach(function (p) { loose.add(p.index); });  // roughly: only the writer compacts
          dirty.clear();
        }
        atGeneration(meta);
        store.stats.refreshes++;
        store.stats.lastRefreshPages = whole ? meta.pageCount : got.length;
        store.stats.lastRefreshMs = performance.now() - started;
        callback(null, { changed: true, pages: whole ? meta.pageCount : got.length });
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
  // Writes the pages changed since the last save (all of them when the file was replaced or nothing
  // is stored yet) plus the meta record, in one readwrite transaction. Call it only between SQLite
  // transactions: the file in memory must be a committed state (a rollback journal on /data means a
  // transaction is open; the save then refuses, and the caller tries again).
  //
  // With Web Locks this tab is the only writer, so it knows what storage holds (its own last save or
  // read) and issues every request at once and commits: one round trip, and a reload right after
  // still finds the transaction complete. The meta record is read in the same transaction all the
  // same; should it show another tab's save (which the lock rules out), the next save writes the
  // whole file. Without Web Locks another tab may save at any time: the meta record is read first
  // and, when another tab saved, this save writes the whole file (the last save wins whole, and
  // pages of two files never mix).
  // `options.compact`: also fold the loose pages of a few segments back into them (the segments are
  // rewritten from the file in memory, which is the state this save stores). `callback(err,
  // { generation, base, pages: [numbers], full, bytes })`; `bytes` counts the pages' and segments'
  // bytes (the meta record adds about a hundred).
  store.storedPageCount = 0;  // pages in storage after this tab's last save or read
  function hasSingleWriter() { return !!(navigator.locks && navigator.locks.request); }
  // The segments a compacting save rewrites: those with the most loose pages (counting `pages`, about
  // to become loose), at most COMPACT_SEGMENTS of them.
  function segmentsToCompact(pages, segmentCount) {
    var perSegment = {};
    var add = function (p) { var sg = Math.floor(p / SEGMENT_PAGES); if (sg < segmentCount) perSegment[sg] = (perSegment[sg] || 0) + 1; };
    loose.forEach(add);
    pages.forEach(function (p) { if (!loose.has(p)) add(p); });
    return Object.keys(perSegment).map(Number)
      .sort(function (a, b) { return perSegment[b] - perSegment[a] || a - b; })
      .slice(0, COMPACT_SEGMENTS);
  }
  store.compactionDue = function () { return loose.size > COMPACT_AFTER; };
  store.save = function (callback, options) {
    var started = performance.now();
    var finished = false;
    var taken = null, takenAll = false, info = null, tx = null;
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
    // Puts the pages and the meta record into `tx`, given what storage holds: { generation, pageCount }
    // (null when nothing is stored).
    var write = function (stored) {
      var node = fileNode();
      var size = node ? FS.stat(FILE).size : 0;
      var count = Math.ceil(size / PAGE_SIZE);
      var segmentCount = Math.ceil(count / SEGMENT_PAGES);
      var full = mustWriteAll || !stored || node !== savedNode;
      // Take the pages to write now: changes from here on belong to the next save.
      taken = dirty;
      takenAll = full;
      dirty = new Set();
      mustWriteAll = false;
      var pages = [], segments = [];
      if (full) {
        for (var i = 0; i < count; i++) pages.push(i);
        for (var k = 0; k < segmentCount; k++) segments.push(k);
      } else {
        // Pages past the stored end are new even if never written (a file only grows by writes).
        for (var q = stored.pageCount; q < count; q++) taken.add(q);
        pages = Array.from(taken).filter(function (p) { return p < count; }).sort(function (a, b) { return a - b; });
        if (options && options.compact) segments = segmentsToCompact(pages, segmentCount);
      }
      var inSegment = new Set(segments);
      var pagesStore = tx.objectStore(PAGES), segmentsStore = tx.objectStore(SEGMENTS), bytes = 0;
      var newLoose = full ? new Set() : new Set(loose);
      var stream = count ? FS.open(FILE, 'r') : null;
      try {
        segments.forEach(function (sg) {
          var length = Math.min(SEGMENT_BYTES, size - sg * SEGMENT_BYTES);
          var seg = new Uint8Array(length);
          FS.read(stream, seg, 0, length, sg * SEGMENT_BYTES);
          segmentsStore.put(seg.buffer, sg);
          bytes += length;
          if (!full) {
            pagesStore.delete(IDBKeyRange.bound(sg * SEGMENT_PAGES, (sg + 1) * SEGMENT_PAGES - 1));
            for (var p = sg * SEGMENT_PAGES; p < (sg + 1) * SEGMENT_PAGES; p++) newLoose.delete(p);
          }
        });
        if (!full) {
          pages.forEach(function (p) {
            if (inSegment.has(Math.floor(p / SEGMENT_PAGES))) return;  // written with its segment
            var length = Math.min(PAGE_SIZE, size - p * PAGE_SIZE);
            var page = new Uint8Array(length);
            FS.read(stream, page, 0, length, p * PAGE_SIZE);
            pagesStore.put(page.buffer, p);
            newLoose.add(p);
            bytes += length;
          });
        }
      } finally {
        if (stream) FS.close(stream);
      }
      if (full) {
        pagesStore.clear();
        segmentsStore.delete(IDBKeyRange.lowerBound(segmentCount));
      } else if (count < stored.pageCount) {
        pagesStore.delete(IDBKeyRange.lowerBound(count));
        segmentsStore.delete(IDBKeyRange.lowerBound(segmentCount));
        newLoose.forEach(function (p) { if (p >= count) newLoose.delete(p); });
      }
      var base = stored ? stored.generation : 0;
      var meta = { format: 1, pageSize: PAGE_SIZE, segmentPages: SEGMENT_PAGES, size: size, pageCount: count,
        generation: base + 1, savedAt: Date.now() };
      tx.objectStore(META).put(meta, META_KEY);
      info = { generation: base + 1, base: base, pages: pages, full: full, bytes: bytes, pageCount: count, node: node,
        loose: newLoose, compacted: full ? 0 : segments.length };
    };
    var fail = function (e) {
      try { tx.abort(); } catch (e2) { /* already aborted */ }
      finish(e);
    };
    openDb(function (err, d) {
      if (err) { finish(err); return; }
      try {
        tx = d.transaction([META, SEGMENTS, PAGES], 'readwrite', { durability: 'relaxed' });
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
        loose = info.loose;
        var s0 = store.stats;
        s0.loosePages = loose.size;
        if (info.compacted) s0.compactions++;
        var s = store.stats;
        s.generation = info.generation;
        s.pages = info.pageCount;
        s.saves++;
        if (info.full) s.fullSaves++;
        s.lastSaveBytes = info.bytes;
        s.lastSavePages = info.pages.length;
        s.lastSaveFull = info.full;
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
              (stored && stored.generation) + ', expected ' + known.generation + '): the next save writes the whole file');
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
