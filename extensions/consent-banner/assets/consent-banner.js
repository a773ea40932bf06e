/* Consent Vault storefront banner. Plain ES2019, no dependencies; loaded with defer, so the document
   is parsed when this runs. Settings and translated strings come from the embed's JSON config. */
(function () {
  'use strict';
  var d = document, w = window, nav = navigator;
  var configEl = d.getElementById('consent-vault-config');
  if (!configEl || !w.Shopify || !w.Shopify.loadFeatures) return;
  var c = JSON.parse(configEl.textContent);
  var t = texts(c.strings, c.overrides || '', (c.language || '').toLowerCase());
  var cats = ['analytics', 'marketing', 'preferences'].filter(function (k) { return c.categories[k]; });
  // Global Privacy Control: marketing and sale of data stay off whatever else is chosen.
  var gpc = nav.globalPrivacyControl === true;
  var dark = c.darkScheme ? ' cv-dark' : '';
  var api, root, dialog, reopen, returnTo, fromFirstLayer, saleRegion;

  // "key: text" lines apply to every language, "de.key: text" to one; a language's own line wins.
  function texts(base, overrides, lang) {
    var all = {}, own = {};
    overrides.split('\n').forEach(function (line) {
      var m = /^\s*(?:([a-z]{2}(?:-[a-z]{2})?)\.)?(\w+)\s*:\s*(\S.*?)\s*$/i.exec(line);
      if (!m || !(m[2] in base)) return;
      if (!m[1]) all[m[2]] = m[3];
      else if (m[1].toLowerCase() === lang || m[1].toLowerCase() === lang.split('-')[0]) own[m[2]] = m[3];
    });
    return Object.assign({}, base, all, own);
  }

  function cookie(name) {
    var m = d.cookie.match('(?:^|; )' + name + '=([^;]*)');
    return m ? decodeURIComponent(m[1]) : '';
  }

  function setCookie(name, value) {
    d.cookie = name + '=' + encodeURIComponent(value) + '; path=/; max-age=31536000; SameSite=Lax' +
      (location.protocol === 'https:' ? '; Secure' : '');
  }

  function uuid() {
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.from(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join('-');
  }

  // WCAG 2.x relative luminance and contrast ratio; text below 4.5:1 becomes black or white.
  function luminance(hex) {
    var n = parseInt(hex.slice(1), 16);
    return [n >> 16, (n >> 8) & 255, n & 255].reduce(function (sum, v, i) {
      v /= 255;
      return sum + [0.2126, 0.7152, 0.0722][i] * (v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
    }, 0);
  }
  function contrast(a, b) {
    var x = luminance(a), y = luminance(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  }
  function hex(v, fallback) {
    v = String(v || '').trim();
    if (/^#[0-9a-f]{3}$/i.test(v)) v = '#' + v[1] + v[1] + v[2] + v[2] + v[3] + v[3];
    return /^#[0-9a-f]{6}$/i.test(v) ? v : fallback;
  }
  function readable(fg, bg) {
    if (contrast(fg, bg) >= 4.5) return fg;
    return contrast('#000000', bg) >= contrast('#ffffff', bg) ? '#000000' : '#ffffff';
  }

  function palette() {
    var colors = c.colors || {};
    var bg = hex(colors.background, '#ffffff'), btn = hex(colors.button, '#1a1a1a');
    return '--cv-bg:' + bg + ';--cv-fg:' + readable(hex(colors.text, '#1a1a1a'), bg) +
      ';--cv-btn:' + btn + ';--cv-btn-fg:' + readable(hex(colors.buttonText, '#ffffff'), btn);
  }

  function el(tag, attrs, children) {
    var e = d.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (ch) { e.append(ch); });
    return e;
  }

  // Google Consent Mode v2 update, and what is held with data-consent="…": theme scripts written as
  // type="text/plain", and the scripts, iframes and pixels the tracker blocker held (cvGranted tells
  // it what it may let through from now on).
  function apply(g) {
    var v = function (on) { return on ? 'granted' : 'denied'; };
    var ok = function (el) { return el.getAttribute('data-consent').split(/\s+/).every(function (k) { return g[k]; }); };
    w.cvGranted = g;
    w.gtag('consent', 'update', {
      ad_storage: v(g.marketing), ad_user_data: v(g.marketing), ad_personalization: v(g.marketing),
      analytics_storage: v(g.analytics),
      functionality_storage: v(g.preferences), personalization_storage: v(g.preferences)
    });
    d.querySelectorAll('[data-cv-src][data-consent]').forEach(function (held) {
      if (!ok(held)) return;
      held.removeAttribute('data-consent');
      held.src = held.getAttribute('data-cv-src');
      held.removeAttribute('data-cv-src');
    });
    d.querySelectorAll('script[type="text/plain"][data-consent]').forEach(function (held) {
      if (!ok(held)) return;
      var s = d.createElement('script');
      Array.from(held.attributes).forEach(function (a) {
        if (a.name !== 'type' && a.name !== 'data-consent') s.setAttribute(a.name, a.value);
      });
      s.async = false;
      s.text = held.text;
      held.replaceWith(s);
    });
  }

  function allowed() {
    return {
      analytics: api.analyticsProcessingAllowed(),
      marketing: api.marketingAllowed() && !gpc,
      preferences: api.preferencesProcessingAllowed()
    };
  }

  function choose(kind) {
    var box = function (k) { var i = d.getElementById('cv-c-' + k); return !!i && i.checked; };
    var pick = function (k) { return cats.indexOf(k) >= 0 && (kind === 'all' || (kind === 'save' && box(k))); };
    var choices = { analytics: pick('analytics'), marketing: pick('marketing') && !gpc, preferences: pick('preferences') };
    // Where Shopify asks for no data-sale opt-out, the receipt's saleOfData follows marketing (sale and
    // sharing serve cross-context advertising); Shopify's own sale_of_data is set only where it applies.
    choices.saleOfData = saleRegion ? !gpc && (kind === 'all' || (kind === 'save' && !box('sale'))) : choices.marketing;
    var consent = { analytics: choices.analytics, marketing: choices.marketing, preferences: choices.preferences };
    if (saleRegion) consent.sale_of_data = choices.saleOfData;
    var id = cookie('cv_consent_id') || uuid();
    setCookie('cv_consent_id', id);
    setCookie('cv_consent_rev', c.revision);
    api.setTrackingConsent(consent, function () {});
    apply(choices);
    send({
      consentId: id, choices: choices, region: api.getRegion ? api.getRegion() : '',
      revision: c.revision, language: c.language, timestamp: new Date().toISOString(), path: location.pathname
    });
    close();
  }

  // Proof of consent through the app proxy; the proxy adds the signed logged-in customer. The nonce
  // makes each choice's signed query unique, so two choices in one second are not taken for a replay.
  function send(receipt) {
    var body = JSON.stringify(receipt), url = c.endpoint + '?n=' + Math.random().toString(36).slice(2);
    if (nav.sendBeacon && nav.sendBeacon(url, new Blob([body], { type: 'text/plain;charset=UTF-8' }))) return;
    fetch(url, { method: 'POST', body: body, keepalive: true, headers: { 'content-type': 'application/json' } })
      .catch(function () {});
  }

  function category(k, desc, checked, disabled, label) {
    var input = el('input', { type: 'checkbox', id: 'cv-c-' + k, 'aria-describedby': 'cv-d-' + k });
    input.checked = checked;
    input.disabled = disabled;
    return el('li', {}, [input, el('label', { for: 'cv-c-' + k }, [label]), el('p', { id: 'cv-d-' + k }, [desc])]);
  }

  function build() {
    var modal = c.layout === 'modal';
    // Boxes show what is allowed now: unticked until consent where consent is required, ticked where
    // processing is allowed until the shopper opts out.
    var now = allowed();
    var saved = api.currentVisitorConsent ? api.currentVisitorConsent() : {};
    var items = [el('li', {}, [el('strong', {}, [t.necessary + ' · ' + t.always_on]), el('p', {}, [t.necessary_description])])];
    cats.forEach(function (k) {
      var off = k === 'marketing' && gpc;
      items.push(category(k, t[k + '_description'], !off && now[k], off, t[k]));
    });
    if (saleRegion) items.push(category('sale', t.sale_of_data_description, gpc || saved.sale_of_data === 'no', gpc, t.sale_of_data));
    var policy = c.policyUrl ? [' ', el('a', { href: c.policyUrl }, [t.policy])] : [];
    dialog = el('div', { class: 'cv', role: 'dialog', tabindex: '-1', 'aria-labelledby': 'cv-title', 'aria-describedby': 'cv-msg' }, [
      el('div', { class: 'cv-l1' }, [el('h2', { id: 'cv-title' }, [t.title]), el('p', { id: 'cv-msg' }, [t.message].concat(policy))]),
      el('div', { class: 'cv-l2', hidden: '' }, [
        el('h2', { id: 'cv-ptitle' }, [t.preferences_title]),
        el('button', { type: 'button', class: 'cv-x', 'data-a': 'close', 'aria-label': t.close }, ['×']),
        gpc ? el('p', { class: 'cv-gpc' }, [t.gpc_notice]) : '',
        el('ul', {}, items)
      ]),
      el('div', { class: 'cv-actions' }, [
        el('button', { type: 'button', 'data-a': 'all' }, [t.accept_all]),
        el('button', { type: 'button', 'data-a': 'none' }, [t.reject_all]),
        el('button', { type: 'button', 'data-a': 'custom' }, [t.customize]),
        el('button', { type: 'button', 'data-a': 'save', hidden: '' }, [t.save])
      ])
    ]);
    if (modal) dialog.setAttribute('aria-modal', 'true');
    root = el('div', { class: 'cv-root cv-' + (c.layout || 'bar') + ' cv-' + (c.position || 'bottom') + dark, hidden: '', style: palette() }, [dialog]);
    dialog.addEventListener('click', function (e) {
      var a = e.target.closest && e.target.closest('[data-a]');
      if (!a) return;
      var act = a.getAttribute('data-a');
      if (act === 'custom') layer(2, true);
      else if (act === 'close') escape();
      else choose(act);
    });
    dialog.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') escape();
      else if (e.key === 'Tab' && modal) trap(e);
    });
    d.body.append(root);
  }

  function escape() {
    if (root.querySelector('.cv-l2').hidden) return;
    if (fromFirstLayer) {
      layer(1);
      dialog.querySelector('[data-a="custom"]').focus();
    } else close();
  }

  function trap(e) {
    var f = Array.from(dialog.querySelectorAll('button,a[href],input')).filter(function (x) { return !x.disabled && x.offsetParent; });
    var first = f[0], last = f[f.length - 1];
    if (e.shiftKey && (d.activeElement === first || d.activeElement === dialog)) { last.focus(); e.preventDefault(); }
    else if (!e.shiftKey && d.activeElement === last) { first.focus(); e.preventDefault(); }
  }

  function layer(n, focus) {
    var two = n === 2;
    dialog.querySelector('.cv-l1').hidden = two;
    dialog.querySelector('.cv-l2').hidden = !two;
    dialog.querySelector('[data-a="custom"]').hidden = two;
    dialog.querySelector('[data-a="save"]').hidden = !two;
    dialog.setAttribute('aria-labelledby', two ? 'cv-ptitle' : 'cv-title');
    if (two) dialog.removeAttribute('aria-describedby');
    else dialog.setAttribute('aria-describedby', 'cv-msg');
    if (focus) dialog.focus();
  }

  function open(n) {
    returnTo = d.activeElement;
    fromFirstLayer = n === 1;
    if (!root) build();
    layer(n);
    root.hidden = false;
    reopen.hidden = true;
    dialog.focus();
  }

  function close() {
    root.hidden = true;
    reopen.hidden = false;
    if (returnTo && returnTo !== d.body && d.contains(returnTo) && !root.contains(returnTo)) returnTo.focus();
    else if (d.activeElement && root.contains(d.activeElement)) d.activeElement.blur();
  }

  function start() {
    api = w.Shopify.customerPrivacy;
    saleRegion = !!(api.saleOfDataRegion && api.saleOfDataRegion());
    apply(allowed());
    var link = el('link', { rel: 'stylesheet', href: c.stylesheet });
    link.onload = link.onerror = function () {
      reopen = el('button', { type: 'button', class: 'cv-reopen' + dark, style: palette(), 'aria-label': t.reopen, title: t.reopen });
      reopen.innerHTML = '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 2 4 5v6c0 5 3.4 9.7 8 11 4.6-1.3 8-6 8-11V5l-8-3zm0 2.2 6 2.2V11c0 4-2.6 7.8-6 8.9-3.4-1.1-6-4.9-6-8.9V6.4l6-2.2z"/></svg>';
      reopen.addEventListener('click', function () { open(2); });
      d.body.append(reopen);
      var rev = cookie('cv_consent_rev');
      if (rev !== String(c.revision) && (rev || api.shouldShowBanner())) open(1);
    };
    d.head.append(link);
  }

  w.Shopify.loadFeatures([{ name: 'consent-tracking-api', version: '0.1' }], function (error) {
    if (!error) start();
  });
})();
