/* global window, document, location, navigator, setTimeout, CustomEvent, URLSearchParams */
// Stand-in for Shopify's hosted Customer Privacy API (consent-tracking-api 0.1), which only runs on
// Shopify's servers. It follows the documented contract (shopify.dev/docs/api/customer-privacy):
// Shopify.loadFeatures, shouldShowBanner, saleOfDataRegion, getRegion, currentVisitorConsent,
// the *Allowed() methods, setTrackingConsent and the visitorConsentCollected event, with the state
// in a first-party cookie. The visitor's region comes from the page's query:
//   ?sale_of_data_region=1   a data-sale opt-out region (California), no consent banner
//   ?consent_region=0        a region where no consent is required
(function () {
  'use strict';
  var query = new URLSearchParams(location.search);
  var saleRegion = query.get('sale_of_data_region') === '1';
  var consentRegion = !saleRegion && query.get('consent_region') !== '0';
  var region = saleRegion ? 'USCA' : consentRegion ? 'DEBE' : 'CAON';
  var COOKIE = '_tracking_consent';
  var PURPOSES = ['analytics', 'marketing', 'preferences', 'sale_of_data'];

  function state() {
    var m = document.cookie.match('(?:^|; )' + COOKIE + '=([^;]*)');
    var saved = m ? JSON.parse(decodeURIComponent(m[1])) : {};
    var out = {};
    PURPOSES.forEach(function (p) { out[p] = saved[p] === 'yes' || saved[p] === 'no' ? saved[p] : ''; });
    return out;
  }
  // Consent regions deny until a "yes"; elsewhere everything is allowed until a "no".
  function allowed(purpose) {
    var v = state()[purpose];
    return consentRegion ? v === 'yes' : v !== 'no';
  }
  function saleOfDataAllowed() {
    // GPC is honoured automatically in data-sale opt-out regions.
    return !(saleRegion && navigator.globalPrivacyControl === true) && state().sale_of_data !== 'no';
  }
  function detail() {
    return {
      analyticsAllowed: allowed('analytics'),
      marketingAllowed: allowed('marketing'),
      preferencesAllowed: allowed('preferences'),
      saleOfDataAllowed: saleOfDataAllowed()
    };
  }

  var customerPrivacy = {
    shouldShowBanner: function () {
      var s = state();
      return consentRegion && (s.analytics === '' || s.marketing === '' || s.preferences === '');
    },
    saleOfDataRegion: function () { return saleRegion; },
    getRegion: function () { return region; },
    currentVisitorConsent: state,
    analyticsProcessingAllowed: function () { return allowed('analytics'); },
    marketingAllowed: function () { return allowed('marketing'); },
    preferencesProcessingAllowed: function () { return allowed('preferences'); },
    saleOfDataAllowed: saleOfDataAllowed,
    setTrackingConsent: function (consent, callback) {
      var keys = consent && typeof consent === 'object' ? Object.keys(consent) : [];
      var bad = keys.length === 0 || keys.some(function (k) {
        return PURPOSES.indexOf(k) < 0 || typeof consent[k] !== 'boolean';
      });
      if (bad) {
        setTimeout(function () { callback({ error: 'setTrackingConsent expects booleans for ' + PURPOSES.join(', ') }); });
        return;
      }
      var before = JSON.stringify(state());
      var next = state();
      keys.forEach(function (k) { next[k] = consent[k] ? 'yes' : 'no'; });
      document.cookie = COOKIE + '=' + encodeURIComponent(JSON.stringify(next)) + '; path=/; max-age=31536000; SameSite=Lax';
      var changed = JSON.stringify(state()) !== before;
      setTimeout(function () {
        if (changed) {
          document.dispatchEvent(new CustomEvent('visitorConsentCollected', { detail: detail() }));
        }
        callback({});
      });
    }
  };

  window.Shopify = window.Shopify || {};
  window.Shopify.loadFeatures = function (features, callback) {
    var known = features.every(function (f) { return f.name === 'consent-tracking-api' && f.version === '0.1'; });
    setTimeout(function () {
      if (!known) return callback(new Error('unknown feature'));
      window.Shopify.customerPrivacy = customerPrivacy;
      callback();
    });
  };
})();
