{#- The script that fills every page's sidebar.
    nav: the tree as JSON, made safe to stand inside a script: each entry t (title),
      u (URL, absent for headings), c (entries under it, absent when none) -#}
window.WAYMARK_NAV={{ nav | safe }};
