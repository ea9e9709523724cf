// test_web.js - the web page (.ci/web-build) in headless Chromium (Debian's chromium, software
// WebGL through SwiftShader), driven by puppeteer-core: the first scene's field is on the
// canvas, a click sets a start, Space runs the optimizers and the paths move, ?scene= opens
// that scene, S downloads the frame as a PNG of the canvas's size, Ctrl+S puts the scene into
// the URL's fragment and that link reopens it, the canvas follows a resize and HiDPI. First it
// times cold loads (the median first frame must come within a bound) and prints where their
// time went; it prints the frame rate while playing.
//   node test_web.js URL            (.ci/web-test serves the site and passes its URL)
// Environment: LOSSLENS_PUPPETEER (the puppeteer-core module directory), CHROMIUM (the
// browser, default /usr/bin/chromium), LOSSLENS_WEB_LOADS (cold loads timed, default 5),
// LOSSLENS_WEB_FIRST_FRAME_MS (the bound on their median, default 4000: the goal is 2000,
// and a busy 2-core CI machine measured medians of 1.5 to 2.6 s). Prints ok or FAIL per check
// and exits 1 when any failed.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const puppeteer = require(process.env.LOSSLENS_PUPPETEER || 'puppeteer-core');
const base = process.argv[2];
const repo = path.resolve(__dirname, '..', '..');
const W = 1280, H = 800;
// Cold loads timed, and the bound on their median first frame (ms after navigation start).
const LOADS = Number(process.env.LOSSLENS_WEB_LOADS || 5);
const FIRST_FRAME_MS = Number(process.env.LOSSLENS_WEB_FIRST_FRAME_MS || 4000);

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
  return ok;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Opens url and waits for the program's first frame; returns its time after navigation start.
async function open(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction('window.Module && Module.losslensShown === true', { timeout: 60000 });
  return page.evaluate(() => performance.now());
}

// The frames the program has shown so far; after(page, f0) waits for one more than f0 (the
// program draws only when something changed, so take f0 before the action).
async function frameCount(page) {
  return page.evaluate(() => Module.losslensFrames);
}
async function after(page, f0) {
  await page.waitForFunction(`Module.losslensFrames > ${f0}`, { timeout: 20000 });
  await sleep(100);
}

// Screenshot of the page as base64 PNG (also written to $LOSSLENS_WEB_SHOTS/NAME.png when
// that is set, to look at).
async function shot(page, name) {
  const b64 = await page.screenshot({ encoding: 'base64' });
  if (process.env.LOSSLENS_WEB_SHOTS)
    fs.writeFileSync(path.join(process.env.LOSSLENS_WEB_SHOTS, name + '.png'),
                     Buffer.from(b64, 'base64'));
  return b64;
}

// Statistics of a region of screenshot a (and, with b, how many of its pixels differ from b's),
// decoded by the browser itself. rect: [x0, y0, x1, y1] in pixels.
async function stats(page, rect, a, b) {
  return page.evaluate(async (rect, a, b) => {
    async function pixels(b64) {
      const img = new Image();
      img.src = 'data:image/png;base64,' + b64;
      await img.decode();
      const c = new OffscreenCanvas(img.width, img.height);
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      return g.getImageData(0, 0, img.width, img.height);
    }
    const pa = await pixels(a), pb = b ? await pixels(b) : null;
    const [x0, y0, x1, y1] = rect;
    const colors = new Set();
    let colorful = 0, viridis = 0, changed = 0, n = 0;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const i = 4 * (y * pa.width + x);
        const r = pa.data[i], g = pa.data[i + 1], bl = pa.data[i + 2];
        colors.add((r << 16) | (g << 8) | bl);
        if (Math.max(r, g, bl) - Math.min(r, g, bl) > 40) colorful++;
        // viridis: purple (68, 1, 84) -> teal -> yellow (253, 231, 37): green rises with
        // the band, blue falls at the yellow end, red stays below green except near purple
        if ((g > r && bl > 25) || (r > 40 && bl > 60 && g < 40) || (g > 180 && r > 150 && bl < 110))
          viridis++;
        if (pb) {
          const d = Math.abs(r - pb.data[i]) + Math.abs(g - pb.data[i + 1]) +
                    Math.abs(bl - pb.data[i + 2]);
          if (d > 30) changed++;
        }
        n++;
      }
    }
    return { distinct: colors.size, colorful: colorful / n, viridis: viridis / n,
             changed, n };
  }, rect, a, b || null);
}

// One cold load of url in a fresh browser context (no cached code, data or shaders): the
// times, in ms after navigation start, at which the page's script started, each download
// ended (losslens.js, .wasm, .data), the runtime was ready (code compiled and instantiated,
// data unpacked: just before main) and the first frame was on screen; and the Content-Type
// the server gave the .wasm (application/wasm lets the browser compile while downloading).
async function coldLoad(browser, url) {
  const ctx = await browser.createBrowserContext();
  try {
    const page = await ctx.newPage();
    await page.setViewport({ width: W, height: H, deviceScaleFactor: 1 });
    let wasmType = '';
    page.on('response', (r) => {
      if (/\.wasm$/.test(r.url())) wasmType = r.headers()['content-type'] || '';
    });
    await open(page, url);
    const t = await page.evaluate(() => {
      const t = { script: Module.losslensT0 };
      for (const e of performance.getEntriesByType('resource')) {
        const m = /losslens\.(js|wasm|data)$/.exec(e.name);
        if (m) t[m[1]] = e.responseEnd;
      }
      t.ready = Module.losslensMarks.ready;
      t.frame = Module.losslensMarks.frame;
      return t;
    });
    return { t, wasmType };
  } finally {
    await ctx.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function waitForFile(dir, re, timeoutMs) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    (function poll() {
      const f = fs.readdirSync(dir).find((n) => re.test(n));
      if (f) return resolve(path.join(dir, f));
      if (Date.now() - t0 > timeoutMs) return resolve(null);
      setTimeout(poll, 100);
    })();
  });
}

async function main() {
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'losslens-web-'));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
           '--ignore-gpu-blocklist', `--window-size=${W},${H}`],
  });
  const errors = [];
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    // SDL_GL_SetSwapInterval asks emscripten for a main loop's timing: the program runs its
    // own loop (asyncify), so that one message is expected.
    page.on('console', (m) => {
      if (m.type() === 'error' && !/emscripten_set_main_loop_timing/.test(m.text()))
        errors.push(m.text());
    });
    await page.setViewport({ width: W, height: H, deviceScaleFactor: 1 });
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });

    // 0. Loading: the first frame's time over several cold loads, and where it goes.
    const loads = [];
    let wasmType = '';
    for (let i = 0; i < LOADS; i++) {
      const r = await coldLoad(browser, base + '/');
      wasmType = r.wasmType;
      loads.push(r.t);
      const t = r.t;
      console.log(`load ${i + 1}: script ${t.script.toFixed(0)}, js ${t.js.toFixed(0)}, ` +
                  `wasm ${t.wasm.toFixed(0)}, data ${t.data.toFixed(0)}, ready ` +
                  `${t.ready.toFixed(0)}, first frame ${t.frame.toFixed(0)} ms after navigation`);
    }
    const med = (k) => median(loads.map((t) => t[k]));
    const firstMedian = med('frame');
    console.log(`first frame: median ${firstMedian.toFixed(0)} ms after navigation start over ` +
                `${LOADS} cold loads (min ${Math.min(...loads.map((t) => t.frame)).toFixed(0)}, ` +
                `max ${Math.max(...loads.map((t) => t.frame)).toFixed(0)}); medians: script ` +
                `${med('script').toFixed(0)}, downloads done ` +
                `${median(loads.map((t) => Math.max(t.js, t.wasm, t.data))).toFixed(0)}, ready ` +
                `${med('ready').toFixed(0)} (compiled, instantiated, unpacked), main to first ` +
                `frame ${median(loads.map((t) => t.frame - t.ready)).toFixed(0)} ms`);
    check(/^application\/wasm/.test(wasmType),
          `the server sends the .wasm as application/wasm (streaming compile): "${wasmType}"`);
    check(firstMedian < FIRST_FRAME_MS, `first frame within ${FIRST_FRAME_MS} ms of navigation ` +
          `(median ${firstMedian.toFixed(0)} ms)`);

    // 1. The first lecture scene: the field on the canvas.
    await open(page, base + '/');
    const size = await page.evaluate(() => [canvas.width, canvas.height,
                                             document.title]);
    check(size[0] === W && size[1] === H, `canvas fills the window: ${size[0]}x${size[1]}`);
    check(/Gradient descent on a bowl/.test(size[2]), `title names the first scene: "${size[2]}"`);
    // The plot: the left part of the window (the panel is on the right).
    const plot = [Math.round(W * 0.08), Math.round(H * 0.15), Math.round(W * 0.5),
                  Math.round(H * 0.8)];
    const s0 = await shot(page, '0-first');
    const f = await stats(page, plot, s0);
    check(f.distinct >= 8 && f.viridis > 0.5,
          `the field in viridis bands: ${f.distinct} colors, ` +
          `${(100 * f.viridis).toFixed(0)}% viridis-like`);

    // 2. A click sets a start: the picture changes around the click (against the picture
    // with the pointer already there, so the hover readout is in both).
    const cx = Math.round(W * 0.22), cy = Math.round(H * 0.3);
    let f0 = await frameCount(page);
    await page.mouse.move(cx, cy);
    await after(page, f0);
    const hover = await shot(page, '1-hover');
    f0 = await frameCount(page);
    await page.mouse.down();
    await page.mouse.up();
    await after(page, f0);
    const s1 = await shot(page, '1-clicked');
    const near = await stats(page, [cx - 30, cy - 30, cx + 30, cy + 30], s1, hover);
    check(near.changed > 20, `a click sets a start: ${near.changed} pixels changed near it`);

    // 3. Space runs the optimizers: the paths move (and the frame rate, playing).
    const t0 = await page.evaluate(() => [performance.now(), Module.losslensFrames]);
    await page.keyboard.press('Space');
    await sleep(2000);
    const t1 = await page.evaluate(() => [performance.now(), Module.losslensFrames]);
    const s2 = await shot(page, '2-played');
    const moved = await stats(page, plot, s2, s1);
    check(moved.changed > 200, `Space: the paths moved (${moved.changed} pixels changed)`);
    const fps = (t1[1] - t0[1]) / ((t1[0] - t0[0]) / 1000);
    console.log(`animation: ${fps.toFixed(1)} frames/s playing scene 01 (1 pane, 10 steps/s)`);
    check(fps > 5, `the animation runs: ${fps.toFixed(1)} frames/s`);
    await page.keyboard.press('Space');

    // 4. S downloads the frame as a PNG of the canvas's size.
    await page.keyboard.press('KeyS');
    const png = await waitForFile(downloads, /^losslens-.*\.png$/, 15000);
    if (check(png !== null, 'S downloads a PNG')) {
      const b = fs.readFileSync(png);
      const sig = b.slice(0, 8).toString('hex') === '89504e470d0a1a0a';
      const pw = b.readUInt32BE(16), ph = b.readUInt32BE(20);
      check(sig && pw === W && ph === H, `the PNG is ${pw}x${ph} (${b.length} bytes)`);
    }

    // 5. Ctrl+S: the scene into the fragment (and downloaded); the link reopens it.
    await page.keyboard.down('Control');
    await page.keyboard.press('KeyS');
    await page.keyboard.up('Control');
    const ini = await waitForFile(downloads, /^losslens-.*\.ini$/, 15000);
    check(ini !== null && /\[scene\]/.test(fs.readFileSync(ini, 'utf8')), 'Ctrl+S downloads the scene');
    const href = await page.evaluate(() => location.href);
    check(/#scene=/.test(href), `Ctrl+S puts the scene into the URL (${href.length} characters)`);
    await shot(page, '3-shared-before');
    // The link reopens that state: the program, opened from it, saves the same scene again
    // (Share this time: into the address, with no download). The views are left out: a view
    // is refitted to the pane's shape when a scene opens, on the desktop as here.
    const sceneOf = (url) => decodeURIComponent(url.split('#scene=')[1] || '')
      .split('\n').filter((l) => !/^view\s*=/.test(l)).join('\n');
    await page.goto('about:blank');
    await open(page, href);
    await shot(page, '4-shared-after');
    const title1 = await page.evaluate(() => document.title);
    check(/Gradient descent on a bowl/.test(title1), `the link reopens the scene: "${title1}"`);
    // (the fragment cleared first, so only Share can put one back)
    await page.evaluate(() => history.replaceState(null, '', location.pathname));
    await page.click('#share');
    await page.waitForFunction(() => location.hash.length > 0, { timeout: 15000 })
      .catch(() => {});
    const href2 = await page.evaluate(() => location.href);
    check(sceneOf(href2).length > 0 && sceneOf(href2) === sceneOf(href),
          'Share from the reopened link gives the same scene (starts, runs, steps)');
    await sleep(500);
    const inis = fs.readdirSync(downloads).filter((n) => /\.ini$/.test(n)).length;
    check(inis === 1, `Share downloads nothing (${inis} scene file(s) downloaded in all)`);

    // 6. ?scene= opens that scene.
    await open(page, base + '/?scene=03-learning-rate');
    const title = await page.evaluate(() => document.title);
    const want = /^title = (.*)$/m.exec(fs.readFileSync(
      path.join(repo, 'assets', 'scenes', '03-learning-rate.ini'), 'utf8'))[1];
    check(title.includes(want), `?scene=03-learning-rate opens it: "${title}"`);
    const s5 = await shot(page, '5-scene03');
    const other = await stats(page, plot, s5, s0);
    check(other.changed > other.n * 0.2, `and shows another picture (${other.changed} pixels)`);
    // Its four panes playing at 30 steps/s: a frame per step is smooth; report the rate.
    const u0 = await page.evaluate(() => [performance.now(), Module.losslensFrames]);
    await page.keyboard.press('Space');
    await sleep(3000);
    const u1 = await page.evaluate(() => [performance.now(), Module.losslensFrames]);
    await page.keyboard.press('Space');
    const fps4 = (u1[1] - u0[1]) / ((u1[0] - u0[0]) / 1000);
    console.log(`animation: ${fps4.toFixed(1)} frames/s playing scene 03 (4 panes, 30 steps/s)`);
    check(fps4 > 5, `scene 03 animates: ${fps4.toFixed(1)} frames/s`);

    // PageDown: the next lecture scene, and the page's scene list follows it.
    await page.keyboard.press('PageDown');
    await page.waitForFunction(() => /plateau/i.test(document.title), { timeout: 15000 })
      .catch(() => {});
    await sleep(800); // the list looks at the title twice a second
    const next = await page.evaluate(() => document.getElementById('scenes').value);
    check(next === '04-plateau', `PageDown opens the next scene, the list shows it: ${next}`);

    // 7. The canvas follows a resize and the device pixel ratio.
    f0 = await frameCount(page);
    await page.setViewport({ width: 900, height: 600, deviceScaleFactor: 2 });
    await after(page, f0);
    const hi = await page.evaluate(() => [canvas.width, canvas.height]);
    check(hi[0] === 1800 && hi[1] === 1200, `resize to 900x600 at 2x: canvas ${hi[0]}x${hi[1]}`);

    check(errors.length === 0, `no page errors${errors.length ? ': ' + errors.join(' | ') : ''}`);
  } catch (e) {
    /* a step that timed out: what the page said is usually why */
    if (errors.length)
      console.error('web: the page said: ' + errors.join(' | '));
    throw e;
  } finally {
    await browser.close();
    fs.rmSync(downloads, { recursive: true, force: true });
  }
  console.log(failures ? `web: ${failures} check(s) failed` : 'web: all checks passed');
  process.exit(failures ? 1 : 0);
}

main().catch((e) => {
  console.error('web: ' + (e && e.stack || e));
  process.exit(1);
});
