package main

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// Site shape: each page references imagesPerPage images from a pool and
// one web font, about 400 KB of images and fonts per page.
const (
	imagePool     = 24
	imagesPerPage = 3
	imageSide     = 180 // noise PNG of 180×180 ≈ 97 KB
	fontBytes     = 100 << 10
	jsFooterEvery = 20 // 5% of pages fill their footer from a timer
)

// generateSite writes n pages, their assets and a sitemap under dir, for a
// site served at base.
func generateSite(dir, base string, n int) error {
	rng := rand.New(rand.NewPCG(1, 2)) // deterministic site
	if err := os.MkdirAll(filepath.Join(dir, "assets"), 0o755); err != nil {
		return err
	}
	for i := range imagePool {
		img := image.NewRGBA(image.Rect(0, 0, imageSide, imageSide))
		for y := range imageSide {
			for x := range imageSide {
				img.Set(x, y, color.RGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), 255})
			}
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "assets", fmt.Sprintf("img%02d.png", i)), buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	font := make([]byte, fontBytes)
	for i := range font {
		font[i] = byte(rng.IntN(256))
	}
	if err := os.WriteFile(filepath.Join(dir, "assets", "site.woff2"), font, 0o644); err != nil {
		return err
	}
	var sm strings.Builder
	sm.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for i := range n {
		name := fmt.Sprintf("p%05d.html", i)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(pageHTML(i, n, rng)), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(&sm, "<url><loc>%s/%s</loc></url>\n", base, name)
	}
	sm.WriteString("</urlset>\n")
	return os.WriteFile(filepath.Join(dir, "sitemap.xml"), []byte(sm.String()), 0o644)
}

const footer = `<footer class="site-footer"><p>© 2024 示例科技有限公司 版权所有</p>
<p><a href="https://beian.miit.gov.cn/" target="_blank">京ICP备2021012345号-1</a> | <a href="https://beian.mps.gov.cn/#/query/webSearch?code=11010502030143">京公网安备11010502030143号</a></p></footer>`

func pageHTML(i, n int, rng *rand.Rand) string {
	var imgs strings.Builder
	for k := range imagesPerPage {
		fmt.Fprintf(&imgs, `<img src="/assets/img%02d.png" width="180" height="180" alt="配图%d">`, rng.IntN(imagePool), k)
	}
	var para strings.Builder
	for range 12 {
		para.WriteString("<p>我们为企业客户提供云计算、数据分析与安全服务，帮助团队更快交付可靠的产品。本文介绍产品的主要能力与接入方式。</p>")
	}
	foot := footer
	script := ""
	if i%jsFooterEvery == 0 {
		foot = `<footer class="site-footer" id="f"></footer>`
		script = "<script>setTimeout(function(){document.getElementById('f').innerHTML=" + jsString(footer) + "},300)</script>"
	}
	return fmt.Sprintf(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>页面 %d</title>
<style>@font-face{font-family:Site;src:url(/assets/site.woff2) format("woff2")}
body{margin:0;font:16px/1.6 Site,sans-serif;color:#333}header,main{max-width:960px;margin:0 auto;padding:16px}
img{max-width:30%%;height:auto;margin:4px}.site-footer{text-align:center;padding:24px;color:#666;background:#f5f5f5;font-size:14px}</style></head>
<body><header><a href="/p%05d.html">首页</a> · <a href="/p%05d.html">下一页</a></header>
<main><h1>页面 %d</h1>%s%s</main>%s%s</body></html>`, i, 0, (i+1)%n, i, imgs.String(), para.String(), foot, script)
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`)
	return "'" + r.Replace(s) + "'"
}
