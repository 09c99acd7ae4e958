"""The pages: rendering (Jinja), their views, HTML made in Python (markup, rows), Markdown,
formatting, the catalogues of words (i18n) and the site's addresses (urls)."""
