<?php
/*
 * Drives Debian's WordPress from the command line, against a database of its own, to make a real
 * export: `php wp.php install|seed|export|urls DB CONTENT_DIR [OUT]`. Everything goes through WordPress's
 * own functions (wp_install, wp_insert_post, export_wp) so the WXR is exactly what Tools → Export gives.
 * Each step is its own process because WordPress reads WP_INSTALLING once, at load.
 */
[$script, $mode, $db, $content] = $argv;
require __DIR__ . '/config.php';
$table_prefix = 'wp_';
masthead_wp_config($db, $content, 'https://old.example.com');
$_SERVER['HTTP_HOST'] = 'old.example.com';
$_SERVER['SERVER_NAME'] = 'old.example.com';
$_SERVER['REQUEST_URI'] = '/';
if ($mode === 'install') define('WP_INSTALLING', true);
require ABSPATH . 'wp-settings.php';

if ($mode === 'install') {
  require_once ABSPATH . 'wp-admin/includes/upgrade.php';
  wp_install('Port Technology Weekly', 'admin', 'admin@example.com', true, '', 'not-used-' . wp_generate_password(), 'en_US');
  exit(0);
}

if ($mode === 'export') {
  require_once ABSPATH . 'wp-admin/includes/export.php';
  ob_start();
  export_wp(['content' => 'all']);
  file_put_contents($argv[4], ob_get_clean());
  exit(0);
}

/** Before seeding: an admin session, as Tools → Export and the editor run with one (admins may post raw HTML), New York time, dated permalinks. */
function masthead_fresh_site(): void {
  wp_set_current_user(1);
  // A new site's sample post and page are deleted, as a publisher's site has none.
  wp_delete_post(1, true);
  wp_delete_post(2, true);
  update_option('timezone_string', 'America/New_York');
  update_option('permalink_structure', '/%year%/%monthnum%/%postname%/');
  flush_rewrite_rules(false);
}

if ($mode === 'stories' || $mode === 'render') {
  require __DIR__ . '/stories.php';
  if ($mode === 'stories') masthead_seed_stories(getenv('STORIES'), (int) getenv('STORIES_N'));
  else masthead_render_published($argv[4]);
  exit(0);
}

if ($mode === 'urls') {
  // Every public archive URL WordPress itself gives for what was published: categories, tags,
  // authors, each one's feed, the site's feeds and attachment pages (paths, as the import keeps them).
  $paths = [];
  $rel = fn($url) => wp_make_link_relative($url);
  foreach (get_terms(['taxonomy' => ['category', 'post_tag'], 'hide_empty' => true]) as $t) {
    $paths[] = $rel(get_term_link($t));
    $paths[] = $rel(get_term_feed_link($t->term_id, $t->taxonomy));
  }
  foreach (get_users(['has_published_posts' => ['post']]) as $u) {
    $paths[] = $rel(get_author_posts_url($u->ID));
    $paths[] = $rel(get_author_feed_link($u->ID));
  }
  $paths[] = $rel(get_feed_link('rss2'));
  $paths[] = $rel(get_feed_link('atom'));
  foreach (get_posts(['post_type' => 'attachment', 'post_status' => 'inherit', 'numberposts' => -1]) as $a) $paths[] = $rel(get_attachment_link($a));
  file_put_contents($argv[4], json_encode($paths));
  exit(0);
}

masthead_fresh_site();

$jane = wp_insert_user(['user_login' => 'jdoe', 'user_pass' => wp_generate_password(), 'user_email' => 'jane@example.com', 'display_name' => 'Jane Doe', 'first_name' => 'Jane', 'last_name' => 'Doe', 'role' => 'author']);
$raj = wp_insert_user(['user_login' => 'rpatel', 'user_pass' => wp_generate_password(), 'user_email' => 'raj@example.com', 'display_name' => 'Raj Patel', 'role' => 'editor']);
$ports = wp_insert_term('Ports', 'category', ['slug' => 'ports'])['term_id'];
$rail = wp_insert_term('Rail Freight', 'category', ['slug' => 'rail-freight'])['term_id'];

// An image in the uploads folder, attached as WordPress's media screen does (with its resized copies).
$upload = wp_upload_dir('2024/03');
$file = $upload['path'] . '/quay-cranes.jpg';
$image = imagecreatetruecolor(1200, 800);
imagefilledrectangle($image, 0, 0, 1200, 800, imagecolorallocate($image, 30, 90, 160));
imagefilledrectangle($image, 200, 150, 500, 650, imagecolorallocate($image, 240, 200, 40));
imagejpeg($image, $file, 85);
$attachment = wp_insert_attachment(['post_title' => 'Quay cranes', 'post_excerpt' => 'Cranes at the container quay', 'post_mime_type' => 'image/jpeg', 'post_status' => 'inherit', 'post_author' => $jane], $file);
require_once ABSPATH . 'wp-admin/includes/image.php';
wp_update_attachment_metadata($attachment, wp_generate_attachment_metadata($attachment, $file));
update_post_meta($attachment, '_wp_attachment_image_alt', 'Three ship-to-shore cranes over a container ship');
$medium = wp_get_attachment_image_src($attachment, 'medium')[0];
$full = wp_get_attachment_url($attachment);

function post(array $fields): int {
  $id = wp_insert_post($fields + ['post_type' => 'post', 'post_status' => 'publish'], true);
  if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message() . "\n"); exit(1); }
  return $id;
}

// Classic editor, published late in the evening in New York: the next day in GMT.
$classic = post([
  'post_title' => 'Port of Savannah opens its automated gate',
  'post_name' => 'savannah-automated-gate',
  'post_author' => $jane,
  'post_date' => '2024-03-10 22:30:00',
  'post_excerpt' => 'Trucks clear the gate in under a minute.',
  'post_content' => "The new gate opened on Sunday.\n\n[caption id=\"attachment_$attachment\" align=\"alignright\" width=\"300\"]<img class=\"size-medium wp-image-$attachment\" src=\"$medium\" alt=\"\" width=\"300\" height=\"200\" /> Cranes at the quay[/caption]\n\nTrucks now clear it in under a minute.\n\n[unknown_widget id=\"7\"]Kept text[/unknown_widget]",
  'post_category' => [$ports],
  'tags_input' => ['Automation', 'Gates'],
]);
set_post_thumbnail($classic, $attachment);
wp_insert_comment(['comment_post_ID' => $classic, 'comment_author' => 'A reader', 'comment_content' => 'Faster at last.', 'comment_approved' => 1]);
wp_insert_comment(['comment_post_ID' => $classic, 'comment_author' => 'Spammer', 'comment_content' => 'Buy now', 'comment_approved' => 'spam']);

// Block editor.
post([
  'post_title' => 'NWA <NWA> names new head of rail freight',
  'post_name' => 'nwa-names-new-head',
  'post_author' => $raj,
  'post_date' => '2024-03-12 09:15:00',
  'post_content' => "<!-- wp:paragraph -->\n<p>The carrier named a new head of its freight unit.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:image {\"id\":$attachment,\"sizeSlug\":\"large\"} -->\n<figure class=\"wp-block-image size-large\"><img src=\"$full\" alt=\"\" class=\"wp-image-$attachment\"/></figure>\n<!-- /wp:image -->\n\n<!-- wp:paragraph -->\n<p>She starts in April &amp; reports to the board.</p>\n<!-- /wp:paragraph -->",
  'post_category' => [$rail],
  'tags_input' => ['Appointments'],
]);

post(['post_title' => 'Draft: terminal strike talks', 'post_name' => 'strike-talks', 'post_status' => 'draft', 'post_author' => $jane, 'post_content' => 'Not ready.', 'post_category' => [$ports]]);
post(['post_title' => 'Scheduled: quarterly volumes', 'post_name' => 'quarterly-volumes', 'post_status' => 'future', 'post_date' => '2099-01-05 08:00:00', 'post_author' => $jane, 'post_content' => 'Embargoed.', 'post_category' => [$ports]]);
post(['post_title' => 'Private: board notes', 'post_name' => 'board-notes', 'post_status' => 'private', 'post_author' => $raj, 'post_content' => 'Staff only.']);

$about = post(['post_type' => 'page', 'post_title' => 'About us', 'post_name' => 'about-us', 'post_author' => 1, 'post_content' => '<p>We cover ports and freight.</p>']);
post(['post_type' => 'page', 'post_title' => 'Our history', 'post_name' => 'history', 'post_parent' => $about, 'post_author' => 1, 'post_content' => '<p>Founded in 1987.</p>']);
echo "seeded\n";
