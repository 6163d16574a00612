"""Bringing an element into view: after a click at the bottom of a long page, a result drawn at the top would
otherwise sit above the fold."""

import streamlit as st

# Scrolls the page so the element with this Streamlit key starts at the top of the viewport, just below the app's
# sticky header (which would otherwise cover it). It waits for the element: the script can run before the rest of
# this run's elements are drawn.
_SCROLL_SCRIPT = """<script>
(() => {
  let tries = 0;
  const bring = () => {
    const target = document.querySelector(".st-key-%s");
    if (target) {
      const header = document.querySelector("[data-testid='stHeader']");
      target.style.scrollMarginTop = ((header ? header.offsetHeight : 0) + 16) + "px";
      target.scrollIntoView({block: "start", behavior: "instant"});
      return;
    }
    if (++tries < 50) requestAnimationFrame(bring);
  };
  bring();
})();
</script>"""


def bring_into_view(key: str) -> None:
    """Puts the element with `key` (a container's key, made of letters, digits and _) where the person looks."""
    st.html(_SCROLL_SCRIPT % key, unsafe_allow_javascript=True)
