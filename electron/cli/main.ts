console.log("keyhole");
