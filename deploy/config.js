// The page's settings behind the compose load balancer: Rasa's Socket.IO on the same origin.
window.ENCORE_CONFIG = { socketUrl: window.location.origin, socketPath: "/socket.io/" };
