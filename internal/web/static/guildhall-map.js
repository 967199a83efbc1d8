// The location question's map: a small viewer of map tiles (Web Mercator,
// 256px tiles, {z}/{x}/{y} URLs) written for Guildhall, so the page needs
// no third-party script. It only enhances the page: the place it marks is
// written into the question's latitude and longitude boxes, which the form
// sends as it would without JavaScript. Its words come from the page, so
// they can be translated there.
const TILE = 256
const MIN_ZOOM = 5
const MAX_ZOOM = 19
const PAN = 96

// world is the size of the map in pixels at zoom z.
const world = (z) => TILE * 2 ** z

function project (p, z) {
  const s = Math.sin(p.lat * Math.PI / 180)
  return { x: (p.lng + 180) / 360 * world(z), y: (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * world(z) }
}

function unproject (x, y, z) {
  const lat = Math.atan(Math.sinh(Math.PI * (1 - 2 * y / world(z)))) * 180 / Math.PI
  return { lat, lng: x / world(z) * 360 - 180 }
}

class PlaceMap {
  constructor (root) {
    const id = root.dataset.question
    this.root = root
    this.view = root.querySelector('.guildhall-map__view')
    this.status = root.querySelector('.guildhall-map__status')
    this.template = root.dataset.tiles
    this.zoom = Number(root.dataset.zoom)
    this.centre = { lat: Number(root.dataset.lat), lng: Number(root.dataset.lng) }
    this.lat = document.getElementById(id + '-lat')
    this.lng = document.getElementById(id + '-lng')
    this.picks = document.querySelectorAll('input[name="' + id + '-found"]')
    this.tiles = new Map()
    this.marker = null
    root.hidden = false
    if (this.lat.value !== '' && this.lng.value !== '') {
      this.mark({ lat: Number(this.lat.value), lng: Number(this.lng.value) })
    }
    this.listen()
    this.render()
  }

  listen () {
    let drag = null
    this.view.addEventListener('pointerdown', (e) => {
      drag = { x: e.clientX, y: e.clientY, moved: 0 }
      this.view.setPointerCapture(e.pointerId)
    })
    this.view.addEventListener('pointermove', (e) => {
      if (!drag) return
      const dx = e.clientX - drag.x
      const dy = e.clientY - drag.y
      drag.moved += Math.abs(dx) + Math.abs(dy)
      drag.x = e.clientX
      drag.y = e.clientY
      this.pan(-dx, -dy)
    })
    this.view.addEventListener('pointerup', (e) => {
      const tap = drag && drag.moved < 5
      drag = null
      if (tap) {
        // Measured inside the border, as the tiles are placed.
        const box = this.view.getBoundingClientRect()
        this.choose(this.pointAt(e.clientX - box.left - this.view.clientLeft, e.clientY - box.top - this.view.clientTop))
      }
    })
    this.view.addEventListener('keydown', (e) => this.key(e))
    this.root.querySelectorAll('.guildhall-map__zoom').forEach((b) =>
      b.addEventListener('click', () => this.zoomBy(Number(b.dataset.step))))
    this.root.querySelector('.guildhall-map__locate').addEventListener('click', () => this.locate())
    // A place picked from the search is sent as picked: the map's point
    // would otherwise win over it.
    this.picks.forEach((r) => r.addEventListener('change', () => this.unmark()))
    window.addEventListener('resize', () => this.render())
  }

  key (e) {
    const moves = { ArrowLeft: [-PAN, 0], ArrowRight: [PAN, 0], ArrowUp: [0, -PAN], ArrowDown: [0, PAN] }
    if (moves[e.key]) {
      this.pan(...moves[e.key])
    } else if (e.key === '+' || e.key === '=') {
      this.zoomBy(1)
    } else if (e.key === '-') {
      this.zoomBy(-1)
    } else if (e.key === 'Enter' || e.key === ' ') {
      this.choose(this.centre)
    } else {
      return
    }
    e.preventDefault()
  }

  size () { return { w: this.view.clientWidth, h: this.view.clientHeight } }

  // pointAt is the place at pixel (x, y) of the view.
  pointAt (x, y) {
    const c = project(this.centre, this.zoom)
    const { w, h } = this.size()
    return unproject(c.x - w / 2 + x, c.y - h / 2 + y, this.zoom)
  }

  pan (dx, dy) {
    const c = project(this.centre, this.zoom)
    const y = Math.min(Math.max(c.y + dy, 0), world(this.zoom))
    this.centre = unproject(c.x + dx, y, this.zoom)
    this.render()
  }

  zoomBy (step) {
    this.zoom = Math.min(Math.max(this.zoom + step, MIN_ZOOM), MAX_ZOOM)
    this.render()
  }

  choose (p) {
    this.mark(p)
    this.lat.value = p.lat.toFixed(6)
    this.lng.value = p.lng.toFixed(6)
    this.picks.forEach((r) => { r.checked = false })
    this.say('chosen')
  }

  mark (p) {
    this.marked = p
    if (!this.marker) {
      this.marker = document.createElement('span')
      this.marker.className = 'guildhall-map__marker'
      this.view.appendChild(this.marker)
    }
    this.render()
  }

  unmark () {
    this.lat.value = ''
    this.lng.value = ''
    this.marked = null
    if (this.marker) this.marker.remove()
    this.marker = null
  }

  locate () {
    if (!navigator.geolocation) return this.say('unavailable')
    this.say('locating')
    navigator.geolocation.getCurrentPosition((pos) => {
      this.centre = { lat: pos.coords.latitude, lng: pos.coords.longitude }
      this.zoom = Math.max(this.zoom, 17)
      this.choose(this.centre)
    }, () => this.say('unavailable'), { enableHighAccuracy: true, timeout: 15000 })
  }

  say (what) { this.status.textContent = this.status.dataset[what] }

  // render places the tiles that cover the view, reusing those already
  // loaded, and the marker.
  render () {
    const { w, h } = this.size()
    const c = project(this.centre, this.zoom)
    const left = c.x - w / 2
    const top = c.y - h / 2
    const n = 2 ** this.zoom
    const keep = new Set()
    for (let ty = Math.floor(top / TILE); ty * TILE < top + h; ty++) {
      if (ty < 0 || ty >= n) continue
      for (let tx = Math.floor(left / TILE); tx * TILE < left + w; tx++) {
        const key = this.zoom + '/' + tx + '/' + ty
        keep.add(key)
        const img = this.tiles.get(key) || this.tile(tx, ty, n)
        this.tiles.set(key, img)
        img.style.left = Math.round(tx * TILE - left) + 'px'
        img.style.top = Math.round(ty * TILE - top) + 'px'
      }
    }
    for (const [key, img] of this.tiles) {
      if (!keep.has(key)) { img.remove(); this.tiles.delete(key) }
    }
    if (this.marker && this.marked) {
      const m = project(this.marked, this.zoom)
      this.marker.style.left = Math.round(m.x - left) + 'px'
      this.marker.style.top = Math.round(m.y - top) + 'px'
    }
  }

  tile (tx, ty, n) {
    const img = document.createElement('img')
    img.className = 'guildhall-map__tile'
    img.alt = ''
    img.draggable = false
    const x = ((tx % n) + n) % n
    img.src = this.template.replace('{z}', this.zoom).replace('{x}', x).replace('{y}', ty)
    this.view.insertBefore(img, this.view.firstChild)
    return img
  }
}

export function initMaps () {
  document.querySelectorAll('[data-module="guildhall-map"]').forEach((root) => new PlaceMap(root))
}
