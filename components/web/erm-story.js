/* Escape Route Map: the static story's controller (components/export/site.py), after erm-map.js.
 *
 * Previous / Next, the arrow and Page keys, deep links by URL hash (`#stage=3`) and clicks on the map
 * select a stage: its card is shown, its leg highlighted (erm.highlight, as in the app) and the map
 * flies to it (window.ermShow, as in the app).
 */
(() => {
  function story(map) {
    const count = map.ermRoute.legs.length;
    const cards = document.querySelectorAll(".erm-site-card");
    const previous = document.getElementById("erm-prev");
    const next = document.getElementById("erm-next");
    let current = 0;
    let highlight = null;

    function select(asked, fly) {
      const step = Math.max(1, Math.min(count, asked));
      if (step === current) {
        return;
      }
      current = step;
      for (const card of cards) {
        card.hidden = card.dataset.step !== String(step);
      }
      if (highlight) {
        map.removeLayer(highlight);
      }
      highlight = window.erm.highlight(map, L.layerGroup(), step).addTo(map);
      highlight.eachLayer(onClickSelect);
      window.ermShow(window.erm.legPoints(map.ermRoute, step), fly);
      previous.disabled = step <= 1;
      next.disabled = step >= count;
      if (location.hash !== `#stage=${step}`) {
        history.replaceState(null, "", `#stage=${step}`);
      }
    }

    function fromHash() {
      const m = /stage=(\d+)/.exec(location.hash);
      return m ? parseInt(m[1], 10) : 1;
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
      if (e.target.closest?.(".leaflet-container")) {
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
    window.addEventListener("hashchange", () => select(fromHash(), true));
    map.eachLayer(onClickSelect);
    map.whenReady(() => {
      setTimeout(() => select(fromHash(), false), 50);
    });
  }

  window.erm.story = story;
})();
