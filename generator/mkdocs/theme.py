"""Material in Russian where its own texts are English: the footer, the 404 page, heading links.

Material translates its interface by `theme.language`, but a few texts are written into its
templates in English («Made with Material for MkDocs», «404 - Not found») and Python-Markdown's
heading links say «Permanent link». The templates here take the theme's place unless the site
owner overrides them (`custom_dir`); the 404 page helps a visitor on: search and the sections.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

PERMALINK_TITLE = "Постоянная ссылка"

_COPYRIGHT = """<div class="md-copyright">
  {% if config.copyright %}<div class="md-copyright__highlight">{{ config.copyright }}</div>{% endif %}
</div>
"""

# MkDocs renders 404.html once for every missing address, so its links start from the site's
# root (`base_url`: the path of `site_url`, or `/`), as the theme's styles do.
_NOT_FOUND = """{% extends "main.html" %}
{% block content %}
<h1>Страница не найдена</h1>
<p>Такой страницы на сайте нет: возможно, адрес набран с ошибкой или страница переехала.
Найдите нужное через поиск или начните с раздела.</p>
<form class="kp-404-search" action="{{ 'search/' | url }}" method="get" role="search">
  <label for="kp-404-q">Поиск по сайту</label>
  <input id="kp-404-q" type="search" name="q" required>
  <button type="submit" class="md-button md-button--primary">Найти</button>
</form>
<h2>Разделы сайта</h2>
<ul class="kp-404-sections">
{% for item in nav %}{% if item.url is defined and item.url is not none %}
  {% set href = item.url | url %}<li><a href="{{ href[:-1] if href.endswith('/.') else href }}">{{ item.title }}</a></li>
{% endif %}{% endfor %}
</ul>
{% endblock %}
"""

#: template name -> text; the plugin puts them before the theme's own.
THEME_TEMPLATES = {"partials/copyright.html": _COPYRIGHT, "404.html": _NOT_FOUND}


def russian_markdown(config: MkDocsConfig) -> None:
    """Heading links of Markdown pages titled in Russian, unless mkdocs.yml names them."""
    toc = config.mdx_configs.get("toc")
    if toc is not None and toc.get("permalink") and "permalink_title" not in toc:
        toc["permalink_title"] = PERMALINK_TITLE
