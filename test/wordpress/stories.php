<?php
/*
 * The benchmark's seed (bench/wordpress.ts), loaded by wp.php: `stories` seeds N real news stories
 * from a JSONL file (STORIES, STORIES_N) through WordPress's own functions, a third each as classic
 * HTML, block-editor markup and raw HTML, with captions, galleries, an unknown shortcode, ticker
 * brackets and entities in titles, and nested pages whose child slugs collide; `render` writes what
 * WordPress shows readers of each published post and page (`the_content`) as JSON.
 */
function masthead_seed_stories(string $file, int $n): void {
  masthead_fresh_site();
  $authors = [];
  foreach (['Alice Green', 'Ben Okafor', 'Chloe Martin'] as $i => $name) {
    $authors[] = wp_insert_user(['user_login' => "author$i", 'user_pass' => wp_generate_password(), 'user_email' => "author$i@example.com", 'display_name' => $name, 'role' => 'author']);
  }
  require_once ABSPATH . 'wp-admin/includes/image.php';
  $images = [];
  $upload = wp_upload_dir('2005/01');
  for ($i = 0; $i < 6; $i++) {
    $path = $upload['path'] . "/newsroom-$i.jpg";
    $image = imagecreatetruecolor(480, 320);
    imagefilledrectangle($image, 0, 0, 480, 320, imagecolorallocate($image, 20 + 30 * $i, 90, 160));
    imagefilledrectangle($image, 40 * $i, 60, 40 * $i + 200, 260, imagecolorallocate($image, 240, 200, 40));
    imagejpeg($image, $path, 80);
    $id = wp_insert_attachment(['post_title' => "Newsroom $i", 'post_excerpt' => "Reporters at work, picture $i", 'post_mime_type' => 'image/jpeg', 'post_status' => 'inherit'], $path);
    wp_update_attachment_metadata($id, wp_generate_attachment_metadata($id, $path));
    update_post_meta($id, '_wp_attachment_image_alt', "A newsroom, picture $i");
    $images[] = $id;
  }
  $categories = [];
  $lines = new SplFileObject($file);
  $i = 0;
  $start = strtotime('2005-01-03 06:00:00 UTC');
  foreach ($lines as $line) {
    if ($i >= $n) break;
    if (trim($line) === '') continue;
    $story = json_decode($line, true);
    $category = $story['category'];
    $categories[$category] ??= wp_insert_term(ucfirst($category), 'category', ['slug' => $category])['term_id'];
    $paragraphs = array_map(fn($p) => htmlspecialchars(trim($p), ENT_NOQUOTES), explode("\n\n", $story['body']));
    $image = $images[$i % count($images)];
    $src = wp_get_attachment_image_src($image, 'medium')[0];
    $extra = [];
    if ($i % 10 === 0) $extra[] = "[caption id=\"attachment_$image\" align=\"alignright\" width=\"300\"]<img class=\"size-medium wp-image-$image\" src=\"$src\" alt=\"\" width=\"300\" height=\"200\" /> Reporters at the scene[/caption]";
    if ($i % 15 === 1) $extra[] = '[gallery ids="' . implode(',', array_slice($images, 0, 3)) . '"]';
    if ($i % 20 === 2) $extra[] = '[newsletter_box style="wide"]Sign up for the morning briefing[/newsletter_box]';
    $kind = $i % 3;
    $parts = $paragraphs;
    array_splice($parts, 1, 0, $extra);
    if ($kind === 0) $content = implode("\n\n", $parts);
    elseif ($kind === 1) $content = implode("\n\n", array_map(fn($p) => str_starts_with($p, '[') ? "<!-- wp:shortcode -->\n$p\n<!-- /wp:shortcode -->" : "<!-- wp:paragraph -->\n<p>$p</p>\n<!-- /wp:paragraph -->", $parts));
    else $content = implode("\n", array_map(fn($p) => str_starts_with($p, '[') ? $p : "<p>$p</p>", $parts));
    $title = $story['title'];
    if ($i % 25 === 3) $title = strtoupper(strtok($title, ' ')) . ' <' . strtoupper(substr($category, 0, 4)) . '> ' . $title;
    if ($i % 25 === 4) $title = str_replace("'", '&#8217;', $title) . ' &amp; what it means';
    $id = wp_insert_post([
      'post_type' => 'post', 'post_status' => 'publish', 'post_title' => $title, 'post_content' => $content,
      'post_author' => $authors[$i % 3], 'post_category' => [$categories[$category]],
      // Spread over two years, at every hour of the day (New York time): some are the next day in GMT.
      'post_date' => wp_date('Y-m-d H:i:s', $start + $i * 61_237),
    ], true);
    if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message() . "\n"); exit(1); }
    $i++;
  }
  // Sections with the same child slugs: /about-us/history/ and /advertise/history/ are two pages.
  foreach (['about-us' => 'About us', 'advertise' => 'Advertise', 'careers' => 'Careers'] as $slug => $name) {
    $parent = wp_insert_post(['post_type' => 'page', 'post_status' => 'publish', 'post_title' => $name, 'post_name' => $slug, 'post_author' => 1, 'post_content' => "<p>$name at the Newsroom.</p>"]);
    foreach (['history' => 'History', 'contact' => 'Contact'] as $child => $childName) {
      $id = wp_insert_post(['post_type' => 'page', 'post_status' => 'publish', 'post_title' => "$childName ($name)", 'post_name' => $child, 'post_parent' => $parent, 'post_author' => 1, 'post_content' => "<p>The $childName of $name: written for readers.</p>"]);
      wp_insert_post(['post_type' => 'page', 'post_status' => 'publish', 'post_title' => "Team ($name, $childName)", 'post_name' => 'team', 'post_parent' => $id, 'post_author' => 1, 'post_content' => "Who works on $childName.\n\nAnd where."]);
    }
  }
}

/** Each published post and page as WordPress shows it: title, GMT date, permalink path, `the_content`. */
function masthead_render_published(string $out): void {
  global $post;
  $rendered = [];
  foreach (get_posts(['post_type' => ['post', 'page'], 'post_status' => 'publish', 'numberposts' => -1, 'orderby' => 'ID', 'order' => 'ASC']) as $post) {
    setup_postdata($post);
    $rendered[] = [
      'id' => $post->ID, 'type' => $post->post_type, 'title' => $post->post_title, 'dateGmt' => $post->post_date_gmt,
      'path' => wp_make_link_relative(get_permalink($post)),
      'html' => apply_filters('the_content', get_the_content()),
    ];
  }
  file_put_contents($out, json_encode($rendered));
}
