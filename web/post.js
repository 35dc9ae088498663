// Vastuu's browser glue, part 2 (emcc --post-js): the window.vastuu automation API, documented in
// docs/automation.md. Every call goes through the same C++ paths as the UI (App::run_command, ...).
/* global Module, ccall, HEAPU8 */
(function () {
  var web = Module.vastuuWeb;
  // Browser storage is read from here on, while the wasm module compiles (web/pre.js).
  web.startStorage();
  function callString(name, args) {
    return ccall(name, 'string', args.map(function () { return 'string'; }), args);
  }
  function requireStarted() {
    if (!web.isStarted) throw new Error('Vastuu has not started yet: await window.vastuu.ready');
  }
  window.vastuu = {
    ready: web.ready,
    stats: function () {
      requireStarted();
      var s = JSON.parse(callString('vastuu_stats', []));
      var state = web.saveState();
      s.saveState = state === 'memory' ? 'error' : state;
      s.storage = web.storage;
      s.role = web.role;
      s.readOnly = web.readOnly();
      s.follows = web.follows;
      s.saveError = web.saveError;
      s.busy = web.busyText || '';
      s.frames = web.frameCount;
      s.heapBytes = HEAPU8.length;  // the wasm memory's size (it grows, never shrinks)
      s.store = Object.assign({}, web.storeStats());  // the page store's counters (web/page_store.js)
      return s;
    },
    command: function (command) {
      requireStarted();
      var reply = JSON.parse(callString('vastuu_command', [JSON.stringify(command)]));
      web.requestRedraw();
      return reply;
    },
    exportDatabase: function () {
      requireStarted();
      var ptr = Module._vastuu_export_database();
      var size = Module._vastuu_exported_size();
      return HEAPU8.slice(ptr, ptr + size);
    },
    openDatabase: function (bytes, name) {
      requireStarted();
      return web.openDatabaseBytes(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), name, false);
    },
    openImport: function (bytes, name) {
      requireStarted();
      var data = typeof bytes === 'string' ? new TextEncoder().encode(bytes)
        : bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
      return web.openImportBytes(data, name);
    },
    itemRect: function (path) {
      if (!web.isReady) return null;
      var r = JSON.parse(callString('vastuu_item_rect', [String(path)]));
      if (!r) return null;
      var canvas = Module.canvas;
      var box = canvas.getBoundingClientRect();
      var sx = box.width / canvas.width, sy = box.height / canvas.height;
      return { x: box.left + r.x * sx, y: box.top + r.y * sy, w: r.w * sx, h: r.h * sy, label: r.label };
    },
    // True when the app has drawn every input it was given and wants no further frame for now.
    settled: function () { return web.isReady && web.framesIdle(); },
    itemPaths: function () {
      requireStarted();
      return callString('vastuu_item_paths', []).split('\n').filter(Boolean).sort();
    },
    visibleText: function () {
      requireStarted();
      return callString('vastuu_visible_text', []);
    },
    lastError: function () {
      requireStarted();
      return JSON.parse(callString('vastuu_last_error', []));
    },
    waitForSave: function () { return web.waitForSave(); },
    lastDownload: function () { return web.lastDownload; },
    redraw: function () { web.requestRedraw(); },
  };
})();
