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
  //   'pages': key = page number (0, 1, …), value = ArrayBuffer of PAGE_SIZE bytes (the last page
  //            may be shorter); page n holds bytes [n × PAGE_SIZE, (n + 1) × PAGE_SIZE) of the file.
  //   'meta':  key 'database', value = { format: 1, pageSize, size (bytes), pageCount, generation,
  //            savedAt (ms since 1970) }. generation grows by one with every save.
  // Every page below pageCount is present and there is none at or above it; a save changes pages and
  // meta in one transaction, so a reader sees the old state or the new one, never a mix.
  // PAGE_SIZE is the store's, not SQLite's: 4096 is SQLite's default page size, so a page SQLite
  // writes is one page here (a file with other page sizes still works, with some extra bytes written).
  var DB_NAME = 'vastuu', DB_VERSION = 1, PAGES = 'pages', META = 'meta', META_KEY = 'database';
  var PAGE_SIZE = 4096;
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
      refreshes: 0, lastRefreshPages: 0, migrated: false,
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
      if (!d.objectStoreNames.contains(PAGES)) d.createObjectStore(PAGES);
      if (!d.objectStoreNames.contains(META)) d.createObjectStore(META);
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
  // Assembles the file from a meta record and every page, in key order; null if a page is missing.
  function assemble(meta, keys, values) {
    if (keys.length !== meta.pageCount) return null;
    var bytes = new Uint8Array(meta.size);
    for (var i = 0; i < keys.length; i++) {
      if (keys[i] !== i) return null;
      var page = new Uint8Array(values[i]);
      if (i * PAGE_SIZE + page.length > meta.size) return null;
      bytes.set(page, i * PAGE_SIZE);
    }
    return bytes;
  }
  function loaded(meta, bytes, started) {
    replaceFile(bytes);
    mustWriteAll = !meta;           // nothing stored yet (or only the legacy file): the first save writes all
    store.generation = meta ? meta.generation : 0;
    store.stats.generation = store.generation;
    store.stats.pages = meta ? meta.pageCount : 0;
    store.storedPageCount = meta ? meta.pageCount : 0;
    store.stats.loadMs = performance.now() - started;
    store.stats.loadBytes = bytes ? bytes.length : 0;
  }
  // Reads the whole store into /data/vastuu.sqlite (the file is removed when storage is empty).
  // `callback(err, { generation, legacy })`. Falls back to the whole-file store of earlier builds.
  store.load = function (callback) {
    var started = performance.now();
    openDb(function (err, d) {
      if (err) { callback(err); return; }
      var tx;
      try { tx = d.transaction([META, PAGES], 'readonly'); } catch (e) { callback(e); return; }
      var meta, keys, values;
      tx.objectStore(META).get(META_KEY).onsuccess = function (e) { meta = e.target.result; };
      tx.objectStore(PAGES).getAllKeys().onsuccess = function (e) { keys = e.target.result; };
      tx.objectStore(PAGES).getAll().onsuccess = function (e) { values = e.target.result; };
      tx.onabort = function () { callback(tx.error || new Error('reading browser storage was aborted')); };
      tx.oncomplete = function () {
        if (meta) {
          var bytes = assemble(meta, keys, values);
          if (!bytes) { callback(new Error('browser storage is incomplete (pages missing)')); return; }
          loaded(meta, bytes, started);
          callback(null, { generation: meta.generation, legacy: false });
          return;
        }
        readLegacy(function (err2, legacyBytes) {
          if (err2) { callback(err2); return; }
          store.legacy = !!legacyBytes;
          loaded(null, legacyBytes, started);
          callback(null, { generation: 0, legacy: !!legacyBytes });
        });
      };
    });
  };
  // A follower catching up with the writer's saves: reads the meta record and, when `changes` (the
  // writer's announcements: generation -> { base, pages }) cover every save since this tab's
  // generation, only those pages; otherwise the whole store. `callback(err, { changed, pages })`.
  store.refresh = function (changes, callback) {
    var started = performance.now();
    openDb(function (err, d) {
      if (err) { callback(err); return; }
      var tx;
      try { tx = d.transaction([META, PAGES], 'readonly'); } catch (e) { callback(e); return; }
      var pagesStore = tx.objectStore(PAGES);
      var meta = null, wanted = null, got = [], whole = null;
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
          wanted = Array.from(set).filter(function (p) { return p < meta.pageCount; });
          wanted.forEach(function (p) {
            pagesStore.get(p).onsuccess = function (ev) { got.push({ index: p, data: ev.target.result }); };
          });
        } else {
          whole = {};
          pagesStore.getAllKeys().onsuccess = function (ev) { whole.keys = ev.target.result; };
          pagesStore.getAll().onsuccess = function (ev) { whole.values = ev.target.result; };
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
          var bytes = assemble(meta, whole.keys, whole.values);
          if (!bytes) { callback(new Error('browser storage is incomplete (pages missing)')); return; }
          replaceFile(bytes);
        } else {
          if (got.some(function (p) { return !p.data; })) { callback(new Error('browser storage is incomplete (pages missing)')); return; }
          patchFile(got, meta.size);
          dirty.clear();
        }
        mustWriteAll = false;
        store.generation = meta.generation;
        store.stats.generation = meta.generation;
        store.stats.pages = meta.pageCount;
        store.storedPageCount = meta.pageCount;
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
  // `callback(err, { generation, base, pages: [numbers], full, bytes })`; `bytes` counts the pages'
  // bytes (the meta record adds about a hundred).
  store.storedPageCount = 0;  // pages in storage after this tab's last save or read
  function hasSingleWriter() { return !!(navigator.locks && navigator.locks.request); }
  store.save = function (callback) {
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
      var full = mustWriteAll || !stored || node !== savedNode;
      // Take the pages to write now: changes from here on belong to the next save.
      taken = dirty;
      takenAll = full;
      dirty = new Set();
      mustWriteAll = false;
      var pages;
      if (full) {
        pages = [];
        for (var i = 0; i < count; i++) pages.push(i);
      } else {
        // Pages past the stored end are new even if never written (a file only grows by writes).
        for (var q = stored.pageCount; q < count; q++) taken.add(q);
        pages = Array.from(taken).filter(function (p) { return p < count; }).sort(function (a, b) { return a - b; });
      }
      var pagesStore = tx.objectStore(PAGES), bytes = 0;
      if (pages.length) {
        var all = full ? FS.readFile(FILE) : null;
        var stream = full ? null : FS.open(FILE, 'r');
        try {
          pages.forEach(function (p) {
            var length = Math.min(PAGE_SIZE, size - p * PAGE_SIZE);
            var page;
            if (all) {
              page = all.slice(p * PAGE_SIZE, p * PAGE_SIZE + length);
            } else {
              page = new Uint8Array(length);
              FS.read(stream, page, 0, length, p * PAGE_SIZE);
            }
            pagesStore.put(page.buffer, p);
            bytes += length;
          });
        } finally {
          if (stream) FS.close(stream);
        }
      }
      if (full || (stored && count < stored.pageCount)) pagesStore.delete(IDBKeyRange.lowerBound(count));
      var base = stored ? stored.generation : 0;
      var meta = { format: 1, pageSize: PAGE_SIZE, size: size, pageCount: count, generation: base + 1, savedAt: Date.now() };
      tx.objectStore(META).put(meta, META_KEY);
      info = { generation: base + 1, base: base, pages: pages, full: full, bytes: bytes, pageCount: count, node: node };
    };
    var fail = function (e) {
      try { tx.abort(); } catch (e2) { /* already aborted */ }
      finish(e);
    };
    openDb(function (err, d) {
      if (err) { finish(err); return; }
      try {
        tx = d.transaction([META, PAGES], 'readwrite', { durability: 'relaxed' });
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
