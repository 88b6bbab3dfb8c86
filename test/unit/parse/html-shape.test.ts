import { shapeHtml } from '../../../src/pipeline/parse/html-shape';

describe('shapeHtml: bounded nesting and length, in one linear pass', () => {
  it('keeps ordinary HTML, re-escaped, and drops script, style, head and comments', () => {
    const { html, droppedTags, truncated } = shapeHtml('<html><head><title>T</title><style>p{}</style></head><body><p class="a&amp;b">Hej &amp; <b>dig</b><br/>x</p><!-- c --><script>alert(1)</script><img src="cid:x" alt="1 < 2"></body></html>');
    expect(html).toBe('<html><body><p class="a&amp;b">Hej &amp; <b>dig</b><br>x</p><img src="cid:x" alt="1 < 2"></body></html>');
    expect({ droppedTags, truncated }).toEqual({ droppedTags: 0, truncated: false });
  });
  it('drops tags nested deeper than maxDepth but keeps their text', () => {
    const n = 10_000;
    const { html, droppedTags } = shapeHtml('<b>'.repeat(n) + 'Appen virker ikke' + '</b>'.repeat(n), { maxDepth: 3, maxChars: 1_000_000 });
    expect(html).toBe('<b><b><b>Appen virker ikke</b></b></b>');
    expect(droppedTags).toBe(n - 3);
  });
  it('closes implied end tags and ignores stray closing tags', () => {
    expect(shapeHtml('<div><p>a<span>b</div>c</i></p>').html).toBe('<div><p>a<span>b</span></p></div>c');
  });
  it('cuts the output at maxChars', () => {
    const r = shapeHtml('<p>' + 'x'.repeat(100) + '</p>', { maxDepth: 64, maxChars: 50 });
    expect(r.truncated).toBe(true);
    expect(r.html.length).toBeLessThanOrEqual(50);
  });
  it('drops attributes with names that are not attribute names', () => {
    expect(shapeHtml('<a href="https://x.dk" "onclick"=1 data-x="1">l</a>').html).toBe('<a href="https://x.dk" data-x="1">l</a>');
  });
});
