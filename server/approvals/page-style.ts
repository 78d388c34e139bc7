/** Stylesheet of the public approval pages: the app's tokens (app/globals.css), light and dark by the OS setting; no script. */
export const PAGE_CSS = `
:root{--bg:oklch(0.985 0.001 286);--fg:oklch(0.205 0.006 285.9);--card:oklch(1 0 0);--muted:oklch(0.967 0.002 286.4);--muted-fg:oklch(0.48 0.012 285.9);
--border:oklch(0.917 0.004 286.3);--input:oklch(0.85 0.005 286.3);--primary:oklch(0.511 0.215 276.9);--primary-fg:oklch(0.99 0 0);--ring:oklch(0.6 0.18 276.9);
--danger:oklch(0.53 0.2 27.3);--danger-bg:oklch(0.97 0.02 27);--success:oklch(0.47 0.13 155);--success-bg:oklch(0.97 0.03 155);--warning-bg:oklch(0.97 0.04 80);--warning:oklch(0.45 0.11 65);color-scheme:light}
@media (prefers-color-scheme:dark){:root{--bg:oklch(0.17 0.004 285.9);--fg:oklch(0.94 0.003 286);--card:oklch(0.2 0.005 285.9);--muted:oklch(0.245 0.006 285.9);--muted-fg:oklch(0.72 0.012 286);
--border:oklch(0.3 0.006 285.9);--input:oklch(0.36 0.007 285.9);--primary:oklch(0.55 0.2 276.9);--primary-fg:oklch(0.99 0 0);--ring:oklch(0.7 0.17 276.9);
--danger:oklch(0.74 0.16 25);--danger-bg:oklch(0.26 0.05 25);--success:oklch(0.78 0.14 155);--success-bg:oklch(0.25 0.04 155);--warning-bg:oklch(0.27 0.04 75);--warning:oklch(0.83 0.12 75);color-scheme:dark}}
*{box-sizing:border-box}html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.55 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;-webkit-font-smoothing:antialiased}
main{max-width:600px;margin:0 auto;padding:40px 16px 56px}
.brand{display:flex;align-items:center;gap:8px;font-weight:600;font-size:13px;color:var(--muted-fg);margin-bottom:20px}
.logo{display:inline-grid;place-items:center;width:22px;height:22px;border-radius:6px;background:var(--primary);color:var(--primary-fg);font-size:12px;font-weight:700}
.card{background:var(--card);border:1px solid var(--border);border-radius:12px;box-shadow:0 1px 2px rgb(0 0 0 / .04);overflow:hidden}
.section{padding:20px 24px}.section+.section{border-top:1px solid var(--border)}
@media (max-width:480px){main{padding:20px 12px 40px}.section{padding:16px}}
.eyebrow{font-size:12px;font-weight:500;color:var(--muted-fg);margin:0 0 4px}
h1{font-size:20px;line-height:1.3;font-weight:600;margin:0;letter-spacing:-.01em;overflow-wrap:anywhere}
h2{font-size:13px;font-weight:600;margin:0 0 10px}
p{margin:0}.message{margin-top:10px;white-space:pre-wrap;overflow-wrap:anywhere}
.meta{display:flex;flex-wrap:wrap;gap:6px 16px;margin-top:14px;font-size:13px;color:var(--muted-fg)}
.meta strong{color:var(--fg);font-weight:500}
dl{display:grid;grid-template-columns:minmax(90px,max-content) 1fr;gap:8px 16px;margin:0;font-size:13px}
dt{color:var(--muted-fg)}dd{margin:0;overflow-wrap:anywhere;font-variant-numeric:tabular-nums}
@media (max-width:480px){dl{grid-template-columns:1fr;gap:2px}dd{margin-bottom:8px}}
ul.decisions{list-style:none;margin:0;padding:0;font-size:13px}ul.decisions li{display:flex;justify-content:space-between;gap:12px;padding:6px 0;border-top:1px solid var(--border)}
ul.decisions li:first-child{border-top:0}.who{overflow-wrap:anywhere}.muted{color:var(--muted-fg)}
.badge{display:inline-flex;align-items:center;gap:4px;border-radius:999px;padding:1px 8px;font-size:12px;font-weight:500;white-space:nowrap}
.b-approved,.b-submitted{background:var(--success-bg);color:var(--success)}.b-rejected{background:var(--danger-bg);color:var(--danger)}
label{display:block;font-size:13px;font-weight:500;margin-bottom:6px}.req{color:var(--danger)}
.field{margin-bottom:16px}.help{font-size:12px;color:var(--muted-fg);margin-top:4px}
input[type=text],input[type=email],input[type=number],input[type=date],select,textarea{width:100%;font:inherit;color:inherit;background:var(--card);border:1px solid var(--input);border-radius:8px;padding:9px 11px;min-height:40px}
textarea{min-height:88px;resize:vertical}
input:focus-visible,select:focus-visible,textarea:focus-visible,button:focus-visible,a:focus-visible{outline:2px solid var(--ring);outline-offset:2px}
.check{display:flex;align-items:center;gap:8px;font-weight:400}.check input{width:18px;height:18px;accent-color:var(--primary)}
[aria-invalid=true]{border-color:var(--danger)!important}.error{color:var(--danger);font-size:12px;margin-top:4px}
.actions{display:flex;gap:8px;flex-wrap:wrap;margin-top:4px}
button{font:inherit;font-weight:500;border-radius:8px;padding:0 16px;min-height:40px;cursor:pointer;border:1px solid transparent}
@media (max-width:480px){.actions button{flex:1 1 100%;min-height:44px}}
.primary{background:var(--primary);color:var(--primary-fg)}.primary:hover{filter:brightness(1.08)}
.secondary{background:var(--card);color:var(--danger);border-color:var(--input)}.secondary:hover{background:var(--danger-bg)}
.notice{display:flex;gap:12px;align-items:flex-start}.icon{flex:none;display:grid;place-items:center;width:32px;height:32px;border-radius:999px;font-weight:700}
.i-ok{background:var(--success-bg);color:var(--success)}.i-bad{background:var(--danger-bg);color:var(--danger)}.i-info{background:var(--muted);color:var(--muted-fg)}.i-warn{background:var(--warning-bg);color:var(--warning)}
.alert{border:1px solid var(--danger);background:var(--danger-bg);color:var(--danger);border-radius:8px;padding:10px 12px;font-size:13px;margin-bottom:16px}
footer{margin-top:16px;font-size:12px;color:var(--muted-fg);text-align:center}
`;
