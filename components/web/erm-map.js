/* Escape Route Map: the map's code in the browser, for the app (streamlit-folium) and the static story.
 *
 * Loaded after Leaflet as a plain <script src> (streamlit-folium's js_links, the static site's assets/)
 * or inlined (the standalone HTML). Python (components/builders/route_map.py) passes each element's data as one
 * JSON argument; every text in that data is already escaped, here it is only put together.
 * Owns, in the browser: the stage key, the leg tooltip, the highlight, and how the map moves.
 */
(() => {
  // Every clickable map object carries its stage in a hidden prefix of its tooltip. streamlit-folium
  // returns the clicked tooltip's textContent, and components/domain/navigation.py reads the stage from it
  // (randyzwitch/streamlit-folium#103): the click is matched by this id, never by coordinates.
  function stageKey(step) {
    return `<span hidden>stage-${step}|</span>`;
  }

  // One pass: a value is never read as a template.
  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, (_all, key) => values[key]);
  }

  // The tooltip of leg `step` (1-based) of the route drawn by routeLayer: on its lines and its highlight.
  function legTooltip(route, step) {
    const w = route.words;
    const leg = route.legs[step - 1];
    const from = route.places[step - 1];
    const to = route.places[step];
    return (
      `${stageKey(step)}<strong>${fmt(w.leg, { step: step, stage: leg[2] })}</strong><br>` +
      `${fmt(w.from_to, { origin: from[2], destination: to[2] })}<br>` +
      `${w.modes[leg[1]]} · ${w.risk_label}: ${w.risks[leg[0]]}`
    );
  }

  function placeTooltip(route, number) {
    const place = route.places[number - 1];
    return `${stageKey(place[4])}<strong>${fmt(route.words.place, { number: number, name: place[2] })}</strong><br>${route.words.kinds[place[3]]}`;
  }

  function legPoints(route, step) {
    const a = route.places[step - 1];
    const b = route.places[step];
    return [
      [a[0], a[1]],
      [b[0], b[1]],
    ];
  }

  /* The route's legs and numbered places (route_map.RouteLayer). Lines come first, so the markers stay
   * on top. Every line and marker carries its stage's tooltip: a click on an object without one would
   * make streamlit-folium report the previous tooltip again with a new click count. Each layer's
   * `ermStage` option is the stage a click on it selects (the static story reads it). */
  function routeLayer(map, route) {
    map.ermRoute = route;
    route.legs.forEach((leg, i) => {
      const step = i + 1;
      const risk = leg[0];
      const mode = leg[1];
      const points = legPoints(route, step);
      const tip = legTooltip(route, step);
      const weight = route.weights[risk];
      L.polyline(points, {
        color: route.casing,
        weight: weight + 3,
        opacity: 0.55,
        className: `erm-leg-casing erm-leg-${step}`,
        ermStage: step,
      })
        .bindTooltip(tip, { sticky: true })
        .addTo(map);
      L.polyline(points, {
        color: route.colours[risk],
        weight: weight,
        opacity: 1,
        dashArray: route.dashes[mode],
        className: `erm-leg erm-leg-${step} erm-mode-${mode} erm-risk-${risk}`,
        ermStage: step,
      })
        .bindTooltip(tip, { sticky: true })
        .addTo(map);
    });
    const size = route.size;
    route.places.forEach((place, i) => {
      const number = i + 1;
      const icon = `${route.icon_open + number + route.icon_name}: ${place[2]}</span></div>`;
      L.marker([place[0], place[1]], {
        icon: L.divIcon({
          html: icon,
          iconSize: [size, size],
          iconAnchor: [size / 2, size / 2],
          className: `erm-place erm-place-${number}`,
        }),
        ermStage: place[4],
      })
        .bindTooltip(placeTooltip(route, number), { sticky: true })
        .addTo(map);
    });
  }

  /* The selected stage (route_map.build_highlight): a halo along its leg and rings around its two
   * places, drawn into `group` from the route the map already holds. */
  function highlight(map, group, step) {
    const route = map.ermRoute;
    const points = legPoints(route, step);
    const tip = legTooltip(route, step);
    const colour = route.highlight;
    L.polyline(points, {
      color: colour,
      weight: route.weights[route.legs[step - 1][0]] + 12,
      opacity: 0.35,
      className: `erm-highlight erm-highlight-${step}`,
      ermStage: step,
    })
      .bindTooltip(tip, { sticky: true })
      .addTo(group);
    for (const point of points) {
      L.circleMarker(point, {
        radius: route.size / 2 + 6,
        color: colour,
        weight: 4,
        fill: false,
        className: "erm-highlight-ring",
        ermStage: step,
      })
        .bindTooltip(tip, { sticky: true })
        .addTo(group);
    }
    return group;
  }

  /* Country outlines fetched from the app's own files, under the route (route_map.CountryLayer): every
   * country's outline when offline (instead of map tiles), and the countries with a known stance
   * shaded by it. A page may load them another way by setting `erm.loadCountries(url)` (a promise of
   * the GeoJSON): the static story, which may be opened from file://, loads them after the page. */
  function countryLayer(map, options) {
    const pane = map.createPane("erm-countries");
    pane.style.zIndex = 350;
    const offline = options.offline;
    const stances = options.stances;
    if (offline) {
      map.getContainer().style.background = options.sea;
    }
    // Credited from the start, not when the outlines arrive: a credit added later makes the attribution
    // wrap to a second line under the visitor's eyes (layout shift).
    map.attributionControl?.addAttribution("Country outlines: Natural Earth");
    const load = window.erm.loadCountries || ((url) => fetch(url).then((r) => r.json()));
    load(options.url)
      .then((data) => {
        L.geoJSON(data, {
          pane: "erm-countries",
          filter: (f) => offline || stances[f.properties.iso_a2],
          style: (f) => {
            const s = stances[f.properties.iso_a2];
            return {
              color: "#8c8c8c",
              weight: offline ? 0.8 : 0,
              opacity: 1,
              fillColor: s ? s.colour : options.land,
              fillOpacity: s ? (offline ? 0.4 : 0.3) : 1,
              className: s ? `erm-country erm-stance-${s.stance}` : "erm-country",
            };
          },
          onEachFeature: (f, layer) => {
            const s = stances[f.properties.iso_a2];
            if (s) {
              layer.bindTooltip(s.tooltip, { sticky: true });
            }
          },
        }).addTo(map);
      })
      .catch((e) => {
        console.warn("country outlines unavailable", e);
      });
  }

  /* Invisible, its size kept, until every stylesheet of its page has loaded or failed (route_map.MapSetup
   * says why); a page whose styles are inline shows it at once. */
  function hideUntilStyled(box) {
    const pending = Array.from(document.querySelectorAll('link[rel="stylesheet"]')).filter((link) => !link.sheet);
    if (pending.length === 0) {
      return;
    }
    box.style.visibility = "hidden";
    let left = pending.length;
    const arrived = () => {
      left -= 1;
      if (left === 0) {
        box.style.visibility = "";
      }
    };
    for (const link of pending) {
      link.addEventListener("load", arrived, { once: true });
      link.addEventListener("error", arrived, { once: true });
    }
  }

  /* The start-up view, Leaflet's icon path, keyboard and focus, and how the map moves between stages
   * (route_map.MapSetup, whose docstring says why each of these is needed). */
  function setup(map, options) {
    L.Icon.Default.imagePath = options.images;
    if (window.__GLOBAL_DATA__) {
      window.__GLOBAL_DATA__.last_object_clicked_count = null;
    }
    // A focused marker is a role=button: Enter or Space selects its stage, as a click does
    // (Leaflet 1.9 only opens a popup on Enter).
    map.on("layeradd", (event) => {
      const layer = event.layer;
      if (!(layer instanceof L.Marker)) {
        return;
      }
      layer.on("keypress", (e) => {
        const key = e.originalEvent.keyCode;
        if (key === 13 || key === 32) {
          L.DomEvent.preventDefault(e.originalEvent);
          layer.fire("click", { latlng: layer.getLatLng(), originalEvent: e.originalEvent });
        }
      });
    });
    const box = map.getContainer();
    const focus = box.focus;
    hideUntilStyled(box);
    L.control.scale({ position: "bottomright" }).addTo(map); // stacked above the credits
    if (window.__GLOBAL_DATA__) {
      // In streamlit-folium's iframe: fill it, whatever height the page's stylesheet gives it.
      box.style.height = "100vh";
      document.body.style.margin = "0";
      document.body.style.overflow = "hidden";
    }
    // Leaflet focuses the map on mousedown; when the map is partly scrolled out of the page, that
    // focus scrolls the page under the pointer and the click lands elsewhere.
    box.focus = (opts) => focus.call(box, Object.assign({ preventScroll: true }, opts || {}));
    const route = L.latLngBounds(options.bounds);
    let target = null;
    let shown = false;
    const still = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
    function show(animate) {
      const size = map.getSize();
      if (size.x === 0 || size.y === 0) {
        return;
      }
      const fit = {
        padding: L.point(options.padding, options.padding),
        maxZoom: target ? options.stage_zoom : options.route_zoom,
      };
      const bounds = target ? L.latLngBounds(target) : route;
      if (animate && shown && !still) {
        map.flyToBounds(bounds, Object.assign({ duration: 0.8 }, fit));
      } else {
        map.fitBounds(bounds, Object.assign({ animate: false }, fit));
      }
      shown = true;
    }
    // The selected stage's feature group calls this (route_map.StageView); null is the whole route.
    window.ermShow = (bounds, animate) => {
      target = bounds;
      show(animate !== false);
    };
    if (window.ResizeObserver) {
      new ResizeObserver(() => {
        map.invalidateSize(false);
        if (!shown) {
          show(false);
        }
      }).observe(box);
    }
    map.whenReady(() => {
      setTimeout(() => {
        if (!shown) {
          show(false);
        }
      }, 0);
    });
    const Overview = L.Control.extend({
      options: { position: "topleft" },
      onAdd: () => {
        const button = L.DomUtil.create("button", "erm-overview leaflet-bar");
        button.type = "button";
        button.textContent = options.overview;
        button.title = options.overview_hint;
        button.style.cssText =
          "font:600 13px system-ui,sans-serif;padding:6px 10px;min-height:34px;background:#fff;color:#1f2937;cursor:pointer";
        L.DomEvent.disableClickPropagation(button);
        L.DomEvent.on(button, "click", (e) => {
          L.DomEvent.preventDefault(e);
          target = null;
          show(true);
        });
        return button;
      },
    });
    new Overview().addTo(map);
  }

  window.erm = { stageKey, legTooltip, placeTooltip, legPoints, routeLayer, highlight, countryLayer, setup };
})();
