/* Escape Route Map: the static story's controller (components/export/site.py), after erm-map.js.
 *
 * Previous / Next, the arrow and Page keys, a horizontal swipe on the text, deep links and clicks on
 * the map select a stage: its card is shown, its leg highlighted (erm.highlight, as in the app) and
 * the map flies to it (window.ermShow, as in the app). Deep links: `#stage-6` (what the page writes;
 * each card's `data-anchor`, written by Python, is the one owner of the form), `?stage=6`, and the
 * older `#stage=6`. Links marked `data-erm-link` follow the stage: "query" sets `stage=` in their
 * query (the full app), "hash" sets their fragment (the same page in another language).
 */
(() => {
  /* The country outlines (GeoJSON), asked for once the page has loaded, so they never hold up its first
   * paint. A page opened from file:// cannot fetch: there they come as a script beside the file
   * (`countries-….js`: `window.ermCountries = '…JSON…'`, a string, far cheaper to parse than the same
   * object written as a script). */
  function loadCountries(url) {
    const loaded = new Promise((resolve) => {
      if (document.readyState === "complete") {
        setTimeout(resolve, 0);
      } else {
        window.addEventListener("load", () => setTimeout(resolve, 0), { once: true });
      }
    });
    if (location.protocol !== "file:") {
      return loaded.then(() => fetch(url)).then((r) => r.json());
    }
    return loaded.then(
      () =>
        new Promise((resolve, reject) => {
          const script = document.createElement("script");
          script.src = url.replace(/\.geojson$/, ".js");
          script.onload = () => setTimeout(() => resolve(JSON.parse(window.ermCountries)), 0);
          script.onerror = reject;
          document.head.appendChild(script);
        }),
    );
  }

  function story(map) {
    const cards = Array.from(document.querySelectorAll(".erm-site-card"));
    const anchors = cards.map((card) => card.dataset.anchor);
    const count = cards.length;
    const prefix = anchors[0].replace(/\d+$/, "");
    const previous = document.getElementById("erm-prev");
    const next = document.getElementById("erm-next");
    const position = document.getElementById("erm-position");
    const panel = document.querySelector(".erm-site-text");
    let current = 0;
    let highlight = null;

    function followers(step) {
      for (const link of document.querySelectorAll("[data-erm-link]")) {
        const url = new URL(link.href);
        if (link.dataset.ermLink === "query") {
          url.searchParams.set("stage", String(step));
        } else {
          url.hash = anchors[step - 1];
        }
        link.href = url.href;
      }
    }

    function writeUrl(step) {
      const url = new URL(location.href);
      url.searchParams.delete("stage");
      url.hash = anchors[step - 1];
      if (url.href !== location.href) {
        try {
          history.replaceState(null, "", url.href);
        } catch (_e) {
          // Some browsers refuse to rewrite a file:// address: the page still works.
        }
      }
    }

    // fly: true to fly there, false to jump, null to leave the map where it is (already there).
    function select(asked, fly) {
      const step = Math.max(1, Math.min(count, asked));
      if (step === current) {
        return;
      }
      const first = current === 0;
      current = step;
      for (const card of cards) {
        card.hidden = card !== cards[step - 1];
      }
      if (highlight) {
        map.removeLayer(highlight);
      }
      highlight = window.erm.highlight(map, L.layerGroup(), step).addTo(map);
      highlight.eachLayer(onClickSelect);
      if (fly !== null) {
        window.ermShow(window.erm.legPoints(map.ermRoute, step), fly);
      }
      previous.disabled = step <= 1;
      next.disabled = step >= count;
      position.textContent = cards[step - 1].querySelector(".erm-kicker")?.textContent || "";
      followers(step);
      writeUrl(step);
      // A reader who scrolled down the last stage starts the new one at its top.
      if (!first && cards[step - 1].getBoundingClientRect().top < 0) {
        cards[step - 1].scrollIntoView({ block: "start" });
      }
    }

    function fromUrl() {
      const hash = decodeURIComponent(location.hash.slice(1));
      const index = anchors.indexOf(hash);
      if (index >= 0) {
        return index + 1;
      }
      // A stage beyond the route (the anchors' form with another number), or the older `stage=6`.
      const numbered = hash.startsWith(prefix) ? hash.slice(prefix.length) : /^stage=(\d+)$/.exec(hash)?.[1];
      if (numbered && /^\d+$/.test(numbered)) {
        return parseInt(numbered, 10);
      }
      const asked = new URLSearchParams(location.search).get("stage");
      return asked && /^\d+$/.test(asked) ? parseInt(asked, 10) : 1;
    }

    // Lines, markers and the highlight carry the stage a click on them selects (erm.routeLayer).
    function onClickSelect(layer) {
      const step = layer.options?.ermStage;
      if (step) {
        layer.on("click", () => select(step, true));
      }
    }

    previous.addEventListener("click", () => select(current - 1, true));
    next.addEventListener("click", () => select(current + 1, true));
    document.addEventListener("keydown", (e) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.target.closest?.(".leaflet-container, input, textarea, select")) {
        return;
      }
      if (e.key === "ArrowRight" || e.key === "PageDown") {
        select(current + 1, true);
        e.preventDefault();
      }
      if (e.key === "ArrowLeft" || e.key === "PageUp") {
        select(current - 1, true);
        e.preventDefault();
      }
    });
    // A horizontal swipe on the text (never on the map, which pans) turns the page: left is Next.
    let touch = null;
    panel.addEventListener(
      "touchstart",
      (e) => {
        touch = e.touches.length === 1 ? { x: e.touches[0].clientX, y: e.touches[0].clientY } : null;
      },
      { passive: true },
    );
    panel.addEventListener(
      "touchend",
      (e) => {
        if (!touch || e.changedTouches.length !== 1) {
          return;
        }
        const dx = e.changedTouches[0].clientX - touch.x;
        const dy = e.changedTouches[0].clientY - touch.y;
        touch = null;
        if (Math.abs(dx) >= 60 && Math.abs(dx) > 2 * Math.abs(dy)) {
          select(current + (dx < 0 ? 1 : -1), true);
        }
      },
      { passive: true },
    );
    const note = document.getElementById("erm-content-note");
    document.getElementById("erm-note-hide")?.addEventListener("click", () => {
      note.hidden = true;
    });
    window.addEventListener("hashchange", () => select(fromUrl(), true));
    map.eachLayer(onClickSelect);
    // The map is fitted to the stage's leg now, once; its card and highlight follow in a task of their own.
    const first = fromUrl();
    window.ermShow(window.erm.legPoints(map.ermRoute, Math.max(1, Math.min(count, first))), false);
    map.whenReady(() =>
      setTimeout(() => {
        if (current === 0) {
          // The address may have changed meanwhile (a hashchange came first, and was handled, or not).
          const asked = fromUrl();
          select(asked, asked === first ? null : false);
        }
      }, 0),
    );
  }

  window.erm.loadCountries = loadCountries;
  window.erm.story = story;
})();
