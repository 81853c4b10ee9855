<?php
/*
 * The test WordPress served to readers: nginx hands every request that is not a static file to
 * php-fpm with this script, naming the test's database, wp-content folder and address (fastcgi_param
 * WP_DB, WP_CONTENT, WP_HOME). It does what WordPress's index.php does once wp-config.php is loaded;
 * Debian's own wp-config.php would look for a config file under /etc/wordpress instead.
 */
require __DIR__ . '/config.php';
$table_prefix = 'wp_';
masthead_wp_config($_SERVER['WP_DB'], $_SERVER['WP_CONTENT'], $_SERVER['WP_HOME']);
define('WP_USE_THEMES', true);
require ABSPATH . 'wp-settings.php';
// The posts were written on the command line under the export's address (https://old.example.com):
// served, they name this site's, as a site's own posts do (and an import never reaches for that host).
add_filter('the_content', fn($html) => str_replace('https://old.example.com', WP_HOME, $html), 1);
wp();
require ABSPATH . WPINC . '/template-loader.php';
