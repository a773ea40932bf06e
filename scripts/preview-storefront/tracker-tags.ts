// The tags a typical storefront carries, as themes and app embeds put them there, with the trackers'
// real addresses: GA4 and Google Tag Manager and Hotjar in theme files, the Meta pixel and TikTok
// through app embed blocks, a YouTube video in a section, and a script no tracker database knows.
// The preview adds them with --trackers; tests answer these hosts locally (harness/tracker-hosts.ts).

export const GA4_ID = "G-CV0PREVIEW";
export const GTM_ID = "GTM-CV0PREV";

export const TRACKER_TAGS = `<!-- GA4, pasted into theme.liquid -->
<script async src="https://www.googletagmanager.com/gtag/js?id=${GA4_ID}"></script>
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag(){dataLayer.push(arguments);}
  gtag('js', new Date());
  gtag('config', '${GA4_ID}');
</script>
<!-- Google Tag Manager, pasted into theme.liquid -->
<script>(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':
new Date().getTime(),event:'gtm.js'});var f=d.getElementsByTagName(s)[0],
j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src=
'https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);
})(window,document,'script','dataLayer','${GTM_ID}');</script>
<!-- Hotjar, pasted into theme.liquid -->
<script>
  (function(h,o,t,j,a,r){
    h.hj=h.hj||function(){(h.hj.q=h.hj.q||[]).push(arguments)};
    h._hjSettings={hjid:3210987,hjsv:6};
    a=o.getElementsByTagName('head')[0];
    r=o.createElement('script');r.async=1;
    r.src=t+h._hjSettings.hjid+j+h._hjSettings.hjsv;
    a.appendChild(r);
  })(window,document,'https://static.hotjar.com/c/hotjar-','.js?sv=');
</script>
<!-- BEGIN app block: shopify://apps/facebook-channel/blocks/meta-pixel/2f6b0a4e-1c1d-4a7b-9d7e-0c5a3b1e9f10 -->
<script>
  !function(f,b,e,v,n,t,s){if(f.fbq)return;n=f.fbq=function(){n.callMethod?
  n.callMethod.apply(n,arguments):n.queue.push(arguments)};if(!f._fbq)f._fbq=n;
  n.push=n;n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;
  t.src=v;s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}(window,
  document,'script','https://connect.facebook.net/en_US/fbevents.js');
  fbq('init', '1234567890123456');
  fbq('track', 'PageView');
</script>
<!-- END app block -->
<!-- BEGIN app block: shopify://apps/tiktok/blocks/tiktok-pixel/7c1e5d2a-3b4f-4e6a-8d9c-1a2b3c4d5e6f -->
<script>
  !function (w, d, t) {
    w.TiktokAnalyticsObject=t;var ttq=w[t]=w[t]||[];ttq.load=function(e){var s=d.createElement("script");
    s.type="text/javascript";s.async=!0;s.src="https://analytics.tiktok.com/i18n/pixel/events.js?sdkid="+e+"&lib="+t;
    var a=d.getElementsByTagName("script")[0];a.parentNode.insertBefore(s,a)};
    ttq.load('CV0PREVIEWTT');
  }(window, document, 'ttq');
</script>
<!-- END app block -->
<script async src="https://cdn.trackly-pixel.example/t.js"></script>`;

/** A video section: YouTube's standard embed. */
export const VIDEO_SECTION = `<section aria-label="Video"><iframe width="560" height="315" src="https://www.youtube.com/embed/aqz-KE-bpKQ" title="Brand film" allow="encrypted-media" allowfullscreen></iframe></section>`;
