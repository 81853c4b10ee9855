import { describe, expect, it } from 'vitest';
import { renderWpContent, shortcodeAttributes, type WpAttachment } from './wp-content.ts';

const NONE = new Map<string, WpAttachment>();
const image = (id: string, extra: Partial<WpAttachment> = {}): WpAttachment => ({ id, url: `https://old.example/wp-content/uploads/${id}.jpg`, alt: `Alt ${id}`, caption: '', parent: '0', order: 0, ...extra });
const render = (content: string, attachments = NONE, postId = '1') => renderWpContent(content, attachments, postId);

describe('WordPress shortcodes', () => {
  it('renders a caption as a figure with its figcaption, out of the paragraph autop gave it', () => {
    expect(render('[caption id="attachment_5008" align="alignright" width="300"]<img src="https://old.example/a.jpg" alt="Floor" width="300" /> Traders on the floor[/caption]\nThe exchange stopped.')).toEqual({
      html: '<figure id="attachment_5008" class="wp-caption alignright"><img src="https://old.example/a.jpg" alt="Floor" width="300" /><figcaption class="wp-caption-text">Traders on the floor</figcaption></figure>\n<p>The exchange stopped.</p>',
      review: [],
    });
  });

  it('takes the caption attribute of older posts, and leaves an uncaptioned image as it is', () => {
    expect(render('<p>[caption id="" caption="Cranes &amp; quay" width="300"]<img src="https://old.example/b.jpg" />[/caption]</p>').html).toBe(
      '<figure class="wp-caption"><img src="https://old.example/b.jpg" /><figcaption class="wp-caption-text">Cranes &amp; quay</figcaption></figure>',
    );
    expect(render('<p>[caption width="300"]<img src="https://old.example/b.jpg" />[/caption]</p>').html).toBe('<p><img src="https://old.example/b.jpg" /></p>');
  });

  it('renders a gallery of the named attachments in their order, and lists those the export lacks', () => {
    const attachments = new Map([['902', image('902', { caption: 'The gate' })], ['901', image('901')]]);
    expect(render('<p>Before.</p>\n[gallery link="none" ids="902, 901,903"]', attachments)).toEqual({
      html:
        '<p>Before.</p>\n<div id="gallery-1" class="gallery gallery-columns-3">' +
        '<figure class="gallery-item"><img src="https://old.example/wp-content/uploads/902.jpg" alt="Alt 902" /><figcaption class="wp-caption-text gallery-caption">The gate</figcaption></figure>\n' +
        '<figure class="gallery-item"><img src="https://old.example/wp-content/uploads/901.jpg" alt="Alt 901" /></figure></div>',
      review: ['gallery: attachment 903 is not in the export'],
    });
  });

  it('renders a gallery without ids from the images attached to the post, by menu order', () => {
    const attachments = new Map([
      ['7', image('7', { parent: '42', order: 2 })],
      ['8', image('8', { parent: '42', order: 1 })],
      ['9', image('9', { parent: '43' })],
    ]);
    const { html } = render('[gallery columns="2"]', attachments, '42');
    expect([...html.matchAll(/<img src="[^"]*\/(\d+)\.jpg"/g)].map((m) => m[1])).toEqual(['8', '7']);
    expect(html).toContain('class="gallery gallery-columns-2"');
  });

  it('renders embeds as links and video and audio as players holding a link to the file', () => {
    expect(render('[embed width="500"]https://www.youtube.com/watch?v=abc[/embed]').html).toBe('<p><a href="https://www.youtube.com/watch?v=abc">https://www.youtube.com/watch?v=abc</a></p>');
    expect(render('[video mp4="https://old.example/v.mp4" poster="https://old.example/v.jpg"][/video]').html).toBe(
      '<video controls="controls" preload="metadata" src="https://old.example/v.mp4" poster="https://old.example/v.jpg"><p><a href="https://old.example/v.mp4">https://old.example/v.mp4</a></p></video>',
    );
    expect(render("[audio src='https://old.example/a.mp3' /]").html).toBe(
      '<audio controls="controls" preload="metadata" src="https://old.example/a.mp3"><p><a href="https://old.example/a.mp3">https://old.example/a.mp3</a></p></audio>',
    );
  });

  it('removes unknown shortcodes, keeps their content and lists them; leaves bracketed text and escaped shortcodes as text', () => {
    expect(render('[vc_row][vc_column_text el_class="x"]Forty trains.[/vc_column_text][/vc_row]\n\nHe said [sic] it [[gallery]] [contact-form-7 id="5" /].\n\n"Coming away with [from the conference] this." [Video of the day]')).toEqual({
      html: '<p>Forty trains.</p>\n<p>He said [sic] it [gallery] .</p>\n<p>“Coming away with [from the conference] this.” [Video of the day]</p>',
      review: ['unknown shortcode [contact-form-7]', 'unknown shortcode [vc_column_text]', 'unknown shortcode [vc_row]'],
    });
  });

  it('curls quotes and makes dashes as wptexturize does, before autop, leaving shortcode tags, code and attributes alone', () => {
    // What WordPress 6.1's the_content gave for the same content (bench/wordpress.ts compares all of a seeded site).
    expect(render(`France's "best" -- since the '80s - and [Godzilla's] 3x4...\n\n[caption id="a_1" caption="It's"]<img src="x.jpg" alt="don't" />[/caption]\n\n<code>don't</code>`).html).toBe(
      '<p>France’s “best” — since the ’80s – and [Godzilla’s] 3×4…</p>\n<figure id="a_1" class="wp-caption"><img src="x.jpg" alt="don\'t" /><figcaption class="wp-caption-text">It\'s</figcaption></figure>\n<p><code>don\'t</code></p>',
    );
  });

  it('removes block comments and keeps the blocks’ HTML', () => {
    expect(render('<!-- wp:paragraph {"align":"center"} -->\n<p>One.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:latest-posts /-->\n<!-- wp:core/quote -->\n<blockquote><p>Two.</p></blockquote>\n<!-- /wp:core/quote -->').html).toBe(
      '<p>One.</p>\n\n<blockquote><p>Two.</p></blockquote>',
    );
  });

  it('reads attributes as shortcode_parse_atts does', () => {
    expect(shortcodeAttributes(' ID="a" align=\'left\' width=300 "bare" loose\u00a0title="x y"')).toEqual({ id: 'a', align: 'left', width: '300', 0: 'bare', 1: 'loose', title: 'x y' });
  });
});
