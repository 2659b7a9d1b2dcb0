/**
 * Static assets of the admin page. Served from files under /saml/assets so the page runs under a
 * CSP without 'unsafe-inline'; the script only adds copy buttons (the page works without it).
 */
export const SAML_CSS = `:root{--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;--muted:#57606a;--line:#d0d7de;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;line-height:1.45;color:#1f2328}
body{margin:0;background:#f6f8fa}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.5rem;margin:0 0 1rem}
h2{font-size:1.15rem;margin:0 0 .75rem}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:1rem 1.25rem;margin:0 0 1rem}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em;word-break:break-all}
small,.hint{color:var(--muted)}
label{display:block;font-weight:600;margin:.6rem 0 .2rem}
input[type=text],input[type=url],textarea{width:100%;box-sizing:border-box;font:inherit;padding:.4rem;border:1px solid var(--line);border-radius:6px}
textarea{min-height:7rem;font-family:ui-monospace,monospace;font-size:.85em}
button,.button{display:inline-block;font:inherit;font-weight:600;padding:.45rem .9rem;border-radius:6px;border:1px solid #1f6feb;background:#1f6feb;color:#fff;text-decoration:none;cursor:pointer;margin-top:.6rem}
button.copy{background:#fff;color:#1f6feb;padding:.2rem .6rem;margin:0 0 0 .4rem}
.values{display:grid;grid-template-columns:minmax(12rem,auto) 1fr;gap:.4rem 1rem;align-items:center}
.values dt{font-weight:600}.values dd{margin:0;display:flex;align-items:center}
.values input{flex:1}
.error{border-color:var(--bad);background:#ffebe9}
.notice{border-color:var(--ok);background:#dafbe1}
.report-valid{border-left:6px solid var(--ok)}.report-invalid{border-left:6px solid var(--bad)}
.checks{list-style:none;padding:0;margin:0}
.check{border-top:1px solid var(--line);padding:.5rem 0}
.check p{margin:0}
.badge{display:inline-block;min-width:4.5rem;text-align:center;border-radius:1rem;font-size:.8rem;font-weight:700;padding:.05rem .5rem;color:#fff}
.badge-pass{background:var(--ok)}.badge-warn{background:var(--warn)}.badge-fail{background:var(--bad)}.badge-skip{background:var(--muted)}
.check-id{font-weight:700}
.check-details{display:grid;grid-template-columns:6rem 1fr;gap:.2rem .75rem;margin:.4rem 0 0 5.2rem}
.check-details dt{color:var(--muted)}.check-details dd{margin:0}
.fix{font-weight:600}
.subject{display:grid;grid-template-columns:10rem 1fr;gap:.2rem 1rem}.subject dd{margin:0}
`;

export const COPY_JS = `document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('button.copy').forEach(function (button) {
    var input = document.getElementById(button.getAttribute('data-copy'));
    if (!input || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(input.value).then(function () {
        button.textContent = 'Copied';
        setTimeout(function () { button.textContent = 'Copy'; }, 1500);
      });
    });
  });
});
`;
