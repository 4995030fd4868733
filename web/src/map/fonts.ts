/**
 * Font stack of map labels. The style sets no `glyphs` URL, so MapLibre 6 draws every label glyph with the fonts
 * installed on the user's machine and requests no glyph files from any host.
 */
export const LABEL_FONT = ['Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', 'sans-serif'];
