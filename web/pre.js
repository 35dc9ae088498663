// Vastuu's browser glue, part 1 (emcc --pre-js): start-up (IndexedDB mounted at /data and read before
// main() runs), frames drawn only on demand, debounced saves, downloads, the file picker, settings.
// The C++ side calls these through EM_JS functions in web/main_web.cpp; web/post.js builds the
// window.vastuu automation API on top.
/* global Module, FS, IDBFS, addRunDependency, removeRunDependency, ccall */

Module.canvas = document.getElementById('canvas');
Module.print = function (text) { console.log(text); };
Module.printErr = function (text) { console.warn(text); };

Module.vastuuWeb = (function () {
  var web = {};
  var readyResolve, readyReject;
  web.ready = new Promise(function (resolve, reject) { readyResolve = resolve; readyReject = reject; });
  web.ready.catch(function () {});  // the failure is shown on the page; no unhandled rejection
  web.storage = 'indexeddb';        // or 'memory' when IndexedDB cannot be used
  web.isReady = false;
  web.failed = false;

  // [SECTION] Start-up failure: a visible message instead of a blank page.
  web.fail = function (code, message) {
    if (web.failed) return;
    web.failed = true;
    if (window.vastuuShowFailure) window.vastuuShowFailure(code, message);
    readyReject(new Error(message));
  };
  Module.onAbort = function (what) {
    web.fail('abort', 'Vastuu stopped because of an internal error: ' + what);
  };

  // [SECTION] Persistence: IDBFS at /data, read before main() opens /data/vastuu.sqlite.
  Module.preRun = Module.preRun || [];
  Module.preRun.push(function () {
    FS.mkdir('/data');
    try {
      if (!window.indexedDB) throw new Error('IndexedDB is missing');
      FS.mount(IDBFS, {}, '/data');
    } catch (e) {
      console.warn('Vastuu: browser storage is unavailable, running in memory:', e);
      web.storage = 'memory';
      return;
    }
    addRunDependency('vastuu-syncfs');
    FS.syncfs(true, function (err) {
      if (err) {
        console.warn('Vastuu: could not read browser storage, running in memory:', err);
        web.storage = 'memory';
      }
      removeRunDependency('vastuu-syncfs');
    });
  });

  // Save state: 'saved' | 'saving' | 'error' ('memory' when there is no durable storage).
  var save = { state: 'saved', timer: null, inFlight: false, again: false, waiters: [] };
  web.saveState = function () { return web.storage === 'memory' ? 'memory' : save.state; };
  web.saveStateCode = function () {
    return { saved: 0, saving: 1, error: 2, memory: 3 }[web.saveState()];
  };
  function settleWaiters(error) {
    var waiters = save.waiters;
    save.waiters = [];
    waiters.forEach(function (w) { if (error) w.reject(error); else w.resolve(); });
  }
  function flush() {
    save.timer = null;
    if (save.inFlight) { save.again = true; return; }
    save.inFlight = true;
    FS.syncfs(false, function (err) {
      save.inFlight = false;
      if (save.again) { save.again = false; flush(); return; }
      if (err) {
        console.warn('Vastuu: saving to browser storage failed:', err);
        save.state = 'error';
        settleWaiters(new Error('saving to browser storage failed'));
      } else if (!save.timer) {
        save.state = 'saved';
        settleWaiters(null);
      }
      web.requestRedraw();
    });
  }
  // A change committed: save 300 ms after the last one, one save in flight at a time.
  web.databaseChanged = function () {
    if (web.storage === 'memory') return;
    save.state = 'saving';
    if (save.timer) clearTimeout(save.timer);
    save.timer = setTimeout(flush, 300);
    web.requestRedraw();
  };
  web.waitForSave = function () {
    var state = web.saveState();
    if (state === 'saved') return Promise.resolve();
    if (state === 'memory') return Promise.reject(new Error('no browser storage: the data is only in memory'));
    if (state === 'error' && !save.timer && !save.inFlight) return Promise.reject(new Error('the last save failed'));
    return new Promise(function (resolve, reject) { save.waiters.push({ resolve: resolve, reject: reject }); });
  };

  // [SECTION] Frames on demand: requestAnimationFrame only while something needs drawing.
  var frames = { pending: 0, scheduled: false, blinkTimer: null };
  web.frameCount = 0;
  // While an ImGui text field is active a hidden textarea holds the focus, so that text which arrives
  // without a keypress event (IME, dead keys, on-screen keyboards, scripted insertText) still reaches
  // ImGui; text that came with keypress events is left to GLFW.
  var textInput = { element: null, sawKeypress: false };
  function focusTextInput() {
    var el = textInput.element;
    if (el && document.activeElement !== el) el.focus({ preventScroll: true });
  }
  function setUpTextInput() {
    var el = document.getElementById('text-input');
    if (!el) return;
    textInput.element = el;
    window.addEventListener('keypress', function () { textInput.sawKeypress = true; }, true);
    el.addEventListener('input', function (e) {
      var text = el.value;
      el.value = '';
      if (e.isComposing) return;
      if (!textInput.sawKeypress && text && e.inputType !== 'insertLineBreak') {
        ccall('vastuu_add_text', null, ['string'], [text]);
        web.requestRedraw();
      }
      textInput.sawKeypress = false;
    });
    el.addEventListener('compositionend', function (e) {
      el.value = '';
      if (e.data) { ccall('vastuu_add_text', null, ['string'], [e.data]); web.requestRedraw(); }
      textInput.sawKeypress = false;
    });
  }
  function schedule() {
    if (!frames.scheduled && web.isStarted && !web.failed) {
      frames.scheduled = true;
      requestAnimationFrame(tick);
    }
  }
  function tick() {
    if (web.failed) return;
    var flags = Module._vastuu_frame();  // may ask for redraws itself: `scheduled` is still true here
    frames.scheduled = false;
    web.frameCount++;
    if (!web.isReady) {
      web.isReady = true;
      var loading = document.getElementById('loading');
      if (loading) loading.remove();
      readyResolve();
    }
    if (flags & 2) focusTextInput();
    frames.pending--;
    if (flags & 1) frames.pending = Math.max(frames.pending, 2);
    if (frames.pending > 0) {
      schedule();
    } else if ((flags & 2) && !frames.blinkTimer) {
      // A text field is active: a slow redraw for the cursor blink, nothing faster.
      frames.blinkTimer = setTimeout(function () { frames.blinkTimer = null; web.requestRedraw(1); }, 400);
    }
  }
  // Asks for `count` more frames (ImGui settles hover, popups and layout over a few frames).
  web.requestRedraw = function (count) {
    frames.pending = Math.max(frames.pending, count || 4);
    schedule();
  };
  web.started = function () {
    web.isStarted = true;
    var redraw = function () { web.requestRedraw(); };
    var canvas = Module.canvas;
    ['mousemove', 'mousedown', 'mouseup', 'wheel', 'touchstart', 'touchmove', 'touchend', 'mouseleave',
     'mouseenter', 'contextmenu'].forEach(function (type) {
      canvas.addEventListener(type, redraw, { passive: true });
    });
    ['keydown', 'keyup', 'keypress', 'resize', 'focus', 'blur', 'paste'].forEach(function (type) {
      window.addEventListener(type, redraw, { passive: true });
    });
    document.addEventListener('visibilitychange', redraw);
    if (window.matchMedia) {
      // Zoom and moving to another screen change devicePixelRatio without a resize on some browsers.
      var watchRatio = function () {
        var mq = window.matchMedia('(resolution: ' + window.devicePixelRatio + 'dppx)');
        var onChange = function () { mq.removeEventListener('change', onChange); redraw(); watchRatio(); };
        mq.addEventListener('change', onChange);
      };
      watchRatio();
    }
    canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });
    window.addEventListener('paste', function (e) {
      var text = e.clipboardData ? e.clipboardData.getData('text') : '';
      ccall('vastuu_set_clipboard_from_browser', null, ['string'], [text]);
    });
    setUpTextInput();
    canvas.focus();
    web.requestRedraw(6);
  };

  // [SECTION] Files: downloads and the "Open database" picker.
  web.lastDownload = null;
  web.download = function (name, mime, bytes) {
    web.lastDownload = { name: name, mime: mime, size: bytes.length };
    var url = URL.createObjectURL(new Blob([bytes], { type: mime }));
    var a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.style.display = 'none';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  };
  web.openDatabaseBytes = function (bytes) {
    FS.writeFile('/tmp/open.sqlite', bytes);
    var reply = ccall('vastuu_open_database_file', 'string', ['string'], ['/tmp/open.sqlite']);
    web.requestRedraw();
    return JSON.parse(reply);
  };
  web.askOpenDatabase = function () {
    var input = document.getElementById('open-db');
    if (!input) return;
    input.value = '';
    input.onchange = function () {
      var file = input.files && input.files[0];
      if (!file) return;
      file.arrayBuffer().then(function (buffer) {
        web.openDatabaseBytes(new Uint8Array(buffer));
      }, function (err) {
        console.warn('Vastuu: could not read the chosen file:', err);
      });
    };
    input.click();
  };

  // [SECTION] Settings (language, theme) and the clipboard.
  web.loadSetting = function (key) {
    var value = null;
    try { value = window.localStorage.getItem('vastuu.' + key); } catch (e) { value = null; }
    if (value === null && key === 'language') {
      value = /^fi\b/i.test(navigator.language || '') ? 'fi' : 'en';
    }
    return value || '';
  };
  web.saveSetting = function (key, value) {
    try { window.localStorage.setItem('vastuu.' + key, value); } catch (e) { /* private mode: not kept */ }
  };
  web.setClipboard = function (text) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).catch(function () {});
    }
  };
  return web;
})();
